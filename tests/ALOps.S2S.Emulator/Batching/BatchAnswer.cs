using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Batching;

/// <summary>
/// The answer to one inner request of a JSON batch, as the batch response lists it:
/// <c>{"id","status","headers":{lower-case names},"body"?}</c> (no <c>body</c> for an empty answer, e.g. 204).
/// </summary>
public sealed record BatchAnswer(int Status, IReadOnlyDictionary<string, string> Headers, JsonNode? Body)
{
    public bool Failed => Status >= 400;

    public JsonObject ToJson(string id)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in Headers) headers[name] = value;
        var json = new JsonObject { ["id"] = id, ["status"] = Status, ["headers"] = headers };
        if (Body is not null) json["body"] = Body.DeepClone();
        return json;
    }
}
