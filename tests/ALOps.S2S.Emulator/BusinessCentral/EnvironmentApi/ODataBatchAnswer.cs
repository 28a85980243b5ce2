using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// The answer to one inner request of a <c>$batch</c>, as the batch response lists it:
/// <c>{"id","status","headers":{lower-case names},"body"?}</c> (no <c>body</c> for an empty answer, e.g. 204).
/// </summary>
public sealed record ODataBatchAnswer(int Status, IReadOnlyDictionary<string, string> Headers, JsonNode? Body)
{
    public bool Failed => Status >= 400;

    /// <summary>An inner request the batch refused itself (bad URL, failed dependency): BC's OData error.</summary>
    public static ODataBatchAnswer Error(ODataException failure) => new(
        failure.StatusCode,
        new Dictionary<string, string> { ["content-type"] = ODataResponseWriter.ContentType, ["odata-version"] = "4.0" },
        ODataResponseWriter.ErrorBody(failure));

    public JsonObject ToJson(string id)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in Headers) headers[name] = value;
        var json = new JsonObject { ["id"] = id, ["status"] = Status, ["headers"] = headers };
        if (Body is not null) json["body"] = Body.DeepClone();
        return json;
    }
}
