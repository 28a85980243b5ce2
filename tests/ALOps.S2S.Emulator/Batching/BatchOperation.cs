using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Batching;

/// <summary>
/// One request of a JSON batch (OData JSON <c>$batch</c> or Microsoft Graph JSON batching): its id, method, URL (what
/// it means is the host's rule, <see cref="IBatchDialect.Resolve"/>), headers, body, and the ids of earlier requests it
/// runs after.
/// </summary>
public sealed record BatchOperation(
    string Id,
    string Method,
    string Url,
    IReadOnlyDictionary<string, string> Headers,
    JsonNode? Body,
    IReadOnlyList<string> DependsOn);
