using System.Text.Json;
using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Reads the body of an OData JSON <c>$batch</c> (<c>{"requests":[{"id","method","url","headers"?,"body"?,"dependsOn"?}]}</c>,
/// OData JSON Format 4.01 §19). Anything else, and more than <see cref="MaximumOperations"/> requests, is the whole
/// batch's 400. <c>atomicityGroup</c> is accepted and ignored: the emulator has no transactions.
/// </summary>
public static class ODataBatchBody
{
    public const int MaximumOperations = 100;

    public static IReadOnlyList<ODataBatchOperation> Parse(string text)
    {
        JsonNode? root;
        try
        {
            root = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            root = null;
        }
        if (root is not JsonObject { } batch || batch["requests"] is not JsonArray requests)
            throw ODataErrors.BadRequest("The batch request body must be a JSON object with a 'requests' array.");
        if (requests.Count > MaximumOperations) throw ODataErrors.TooManyBatchParts(MaximumOperations);

        var operations = new List<ODataBatchOperation>();
        foreach (var node in requests)
        {
            if (node is not JsonObject request) throw ODataErrors.BadRequest("Each entry of 'requests' must be a JSON object.");
            var id = RequiredText(request, "id");
            if (operations.Any(o => o.Id == id)) throw ODataErrors.BadRequest($"The batch holds the request id '{id}' more than once.");
            var dependsOn = Texts(request["dependsOn"], $"'dependsOn' of request '{id}'");
            if (dependsOn.FirstOrDefault(d => operations.All(o => o.Id != d)) is { } unknown)
                throw ODataErrors.BadRequest($"The request '{id}' depends on '{unknown}', which is no earlier request of the batch.");
            operations.Add(new ODataBatchOperation(
                id,
                RequiredText(request, "method").ToUpperInvariant(),
                RequiredText(request, "url"),
                Headers(request["headers"], id),
                request["body"]?.DeepClone(),
                dependsOn));
        }
        return operations;
    }

    private static string RequiredText(JsonObject request, string name) =>
        request[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw ODataErrors.BadRequest($"Each entry of 'requests' needs a '{name}' string.");

    private static IReadOnlyList<string> Texts(JsonNode? node, string what) => node switch
    {
        null => [],
        JsonArray array => array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw ODataErrors.BadRequest($"{what} must be an array of strings.")).ToList(),
        _ => throw ODataErrors.BadRequest($"{what} must be an array of strings."),
    };

    private static IReadOnlyDictionary<string, string> Headers(JsonNode? node, string id)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (node is null) return headers;
        if (node is not JsonObject given) throw ODataErrors.BadRequest($"'headers' of request '{id}' must be a JSON object.");
        foreach (var (name, value) in given)
            headers[name] = value is JsonValue v && v.TryGetValue<string>(out var text)
                ? text
                : throw ODataErrors.BadRequest($"The header '{name}' of request '{id}' must be a string.");
        return headers;
    }
}
