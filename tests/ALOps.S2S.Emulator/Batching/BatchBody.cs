using System.Text.Json;
using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Batching;

/// <summary>
/// Reads the body of a JSON batch (<c>{"requests":[{"id","method","url","headers"?,"body"?,"dependsOn"?}]}</c>: OData
/// JSON Format 4.01 §19, and Microsoft Graph JSON batching). Anything else, a duplicate id, a <c>dependsOn</c> naming no
/// earlier request, and more requests than the host allows, is the whole batch's 400 in the host's error shape.
/// OData's <c>atomicityGroup</c> is accepted and ignored: the emulator has no transactions.
/// </summary>
public static class BatchBody
{
    public static IReadOnlyList<BatchOperation> Parse(string text, IBatchDialect dialect)
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
            throw dialect.InvalidBatch("The batch request body must be a JSON object with a 'requests' array.");
        if (requests.Count > dialect.MaximumOperations) throw dialect.TooManyOperations();

        var operations = new List<BatchOperation>();
        foreach (var node in requests)
        {
            if (node is not JsonObject request) throw dialect.InvalidBatch("Each entry of 'requests' must be a JSON object.");
            var id = RequiredText(request, "id", dialect);
            if (operations.Any(o => o.Id == id)) throw dialect.InvalidBatch($"The batch holds the request id '{id}' more than once.");
            var dependsOn = Texts(request["dependsOn"], $"'dependsOn' of request '{id}'", dialect);
            if (dependsOn.FirstOrDefault(d => operations.All(o => o.Id != d)) is { } unknown)
                throw dialect.InvalidBatch($"The request '{id}' depends on '{unknown}', which is no earlier request of the batch.");
            operations.Add(new BatchOperation(
                id,
                RequiredText(request, "method", dialect).ToUpperInvariant(),
                RequiredText(request, "url", dialect),
                Headers(request["headers"], id, dialect),
                request["body"]?.DeepClone(),
                dependsOn));
        }
        return operations;
    }

    private static string RequiredText(JsonObject request, string name, IBatchDialect dialect) =>
        request[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw dialect.InvalidBatch($"Each entry of 'requests' needs a '{name}' string.");

    private static IReadOnlyList<string> Texts(JsonNode? node, string what, IBatchDialect dialect) => node switch
    {
        null => [],
        JsonArray array => array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw dialect.InvalidBatch($"{what} must be an array of strings.")).ToList(),
        _ => throw dialect.InvalidBatch($"{what} must be an array of strings."),
    };

    private static IReadOnlyDictionary<string, string> Headers(JsonNode? node, string id, IBatchDialect dialect)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (node is null) return headers;
        if (node is not JsonObject given) throw dialect.InvalidBatch($"'headers' of request '{id}' must be a JSON object.");
        foreach (var (name, value) in given)
            headers[name] = value is JsonValue v && v.TryGetValue<string>(out var text)
                ? text
                : throw dialect.InvalidBatch($"The header '{name}' of request '{id}' must be a string.");
        return headers;
    }
}
