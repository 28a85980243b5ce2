using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// One request of an OData JSON <c>$batch</c>: its id, method, URL (relative to the batch's service root, an absolute
/// path or an absolute URL), headers, body, and the ids of earlier requests it runs after.
/// </summary>
public sealed record ODataBatchOperation(
    string Id,
    string Method,
    string Url,
    IReadOnlyDictionary<string, string> Headers,
    JsonNode? Body,
    IReadOnlyList<string> DependsOn);
