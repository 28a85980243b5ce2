using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>
/// The conformance rule of tests/contract-samples/README.md: every documented key appears at the same place with
/// the same JSON type (a documented null matches anything), extra keys are fine, status and documented headers
/// must match. Values are never compared. A documented array of objects needs items in the answer to compare.
/// </summary>
public static class ShapeConformance
{
    public static async Task AssertConformsAsync(ContractSample sample, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (sample.Status is { } status) Assert.True((int)response.StatusCode == status, $"{sample.Name}: status {(int)response.StatusCode}, documented {status}. Body: {text}");

        foreach (var (name, _) in sample.Headers)
            Assert.True(HasHeader(response.Headers, name) || HasHeader(response.Content.Headers, name), $"{sample.Name}: header '{name}' missing");

        if (sample.ResponseBody is not { } documented) return;
        var actual = JsonNode.Parse(text);
        var problems = new List<string>();
        if (sample.BodyIsItemOfValueArray)
        {
            var items = actual?["value"] as JsonArray;
            if (items is null || items.Count == 0) problems.Add("$.value: expected a non-empty array");
            else foreach (var item in items) Compare(documented, item, "$.value[]", problems);
        }
        else
        {
            Compare(documented, actual, "$", problems);
        }
        Assert.True(problems.Count == 0, $"{sample.Name} does not conform:\n  {string.Join("\n  ", problems)}\nBody: {text}");
    }

    public static void Compare(JsonNode? documented, JsonNode? actual, string path, List<string> problems)
    {
        if (documented is null) return;
        switch (documented)
        {
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject)
                {
                    problems.Add($"{path}: expected an object, got {Kind(actual)}");
                    return;
                }
                foreach (var (key, value) in expectedObject)
                {
                    if (!actualObject.ContainsKey(key)) problems.Add($"{path}.{key}: missing");
                    else Compare(value, actualObject[key], $"{path}.{key}", problems);
                }
                break;
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray)
                {
                    problems.Add($"{path}: expected an array, got {Kind(actual)}");
                    return;
                }
                if (expectedArray.Count == 0) return;
                // Items of a documented array of objects must be checked, so the answer needs some; an empty array of
                // strings or numbers already has the documented type.
                var documentsObjects = expectedArray.Any(i => i is JsonObject or JsonArray);
                if (actualArray.Count == 0 && !documentsObjects) return;
                if (actualArray.Count == 0)
                {
                    problems.Add($"{path}: documented items but the answer's array is empty (test data must fill it)");
                    return;
                }
                // A JSON batch answers its requests in any order, each under the id the client gave it: pair those by id.
                if (PairedById(expectedArray, actualArray) is { } pairs)
                {
                    foreach (var (id, expectedItem, actualItem) in pairs) Compare(expectedItem, actualItem, $"{path}[id={id}]", problems);
                    return;
                }
                foreach (var expectedItem in expectedArray)
                foreach (var actualItem in actualArray)
                    Compare(expectedItem, actualItem, path + "[]", problems);
                break;
            default:
                var expectedKind = documented.GetValueKind();
                var actualKind = actual?.GetValueKind() ?? JsonValueKind.Null;
                if (Normalize(expectedKind) != Normalize(actualKind)) problems.Add($"{path}: expected {expectedKind}, got {actualKind}");
                break;
        }
    }

    /// <summary>Both arrays hold objects with the same set of string "id"s (a $batch's responses): the items paired by id; else null.</summary>
    private static List<(string Id, JsonNode Expected, JsonNode Actual)>? PairedById(JsonArray expected, JsonArray actual)
    {
        static string? Id(JsonNode? item) => item is JsonObject o && o["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;
        if (expected.Count != actual.Count || expected.Any(i => Id(i) is null) || actual.Any(i => Id(i) is null)) return null;
        var byId = actual.GroupBy(i => Id(i)!).ToDictionary(g => g.Key, g => g.First()!);
        if (byId.Count != actual.Count || expected.Any(i => !byId.ContainsKey(Id(i)!))) return null;
        return expected.Select(i => (Id(i)!, i!, byId[Id(i)!])).ToList();
    }

    private static JsonValueKind Normalize(JsonValueKind kind) => kind == JsonValueKind.False ? JsonValueKind.True : kind;

    private static string Kind(JsonNode? node) => node?.GetValueKind().ToString() ?? "null";

    private static bool HasHeader(HttpHeaders headers, string name) => headers.TryGetValues(name, out _);
}
