namespace ALOps.S2S.Emulator.Recording;

/// <summary>One request and the upstream's answer, as they passed the proxy (raw: kept in memory only, never written).</summary>
public sealed class RecordedExchange
{
    public required int Sequence { get; init; }
    /// <summary>login, graph or bc.</summary>
    public required string Service { get; init; }
    public required string Upstream { get; init; }
    public required string Phase { get; init; }
    public required string Method { get; init; }
    /// <summary>Path and query as sent to the upstream.</summary>
    public required string Target { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; init; }
    public required byte[] RequestBody { get; init; }
    public required int Status { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; init; }
    public required byte[] ResponseBody { get; init; }

    public string? RequestHeader(string name) => RequestHeaders.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
    public string? ResponseHeader(string name) => ResponseHeaders.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
