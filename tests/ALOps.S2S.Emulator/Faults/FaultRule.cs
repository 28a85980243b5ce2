using System.Text.Json;
using System.Text.Json.Serialization;

namespace ALOps.S2S.Emulator.Faults;

/// <summary>What a fault does to a matching request (CONTRACT.md "Faults").</summary>
public enum FaultKind
{
    /// <summary>429 Too Many Requests with a numeric Retry-After and the host's throttling body.</summary>
    Throttle,
    /// <summary>503 Service Unavailable with a numeric Retry-After.</summary>
    Unavailable,
    /// <summary>504 Gateway Timeout (no Retry-After).</summary>
    GatewayTimeout,
    /// <summary>The connection is aborted without an answer.</summary>
    Drop,
    /// <summary>The request waits <see cref="FaultRule.LatencyMs"/>, then is handled normally.</summary>
    Latency,
}

/// <summary>
/// One installed fault: which requests it hits (host, path substring, method) and for how long (a count of hits,
/// a duration, or until removed).
/// </summary>
public sealed class FaultRule
{
    public const int DefaultRetryAfterSeconds = 1;
    public const int DefaultLatencyMs = 2000;

    [JsonPropertyName("host")] public string Host { get; init; } = "any";
    [JsonPropertyName("pathContains")] public string? PathContains { get; init; }
    [JsonPropertyName("method")] public string? Method { get; init; }
    [JsonPropertyName("kind"), JsonConverter(typeof(FaultKindConverter))] public FaultKind Kind { get; init; }
    /// <summary>Hits left; null = unlimited.</summary>
    [JsonPropertyName("count")] public int? Count { get; set; }
    [JsonPropertyName("expiresAt")] public DateTimeOffset? ExpiresAt { get; init; }
    [JsonPropertyName("retryAfterSeconds")] public int RetryAfterSeconds { get; init; } = DefaultRetryAfterSeconds;
    [JsonPropertyName("latencyMs")] public int LatencyMs { get; init; } = DefaultLatencyMs;
    /// <summary>Requests this rule has hit so far.</summary>
    [JsonPropertyName("hits")] public int Hits { get; set; }

    public bool Matches(string host, string method, string path, DateTimeOffset now)
    {
        if (ExpiresAt is { } expires && now >= expires) return false;
        if (Count is <= 0) return false;
        if (!string.Equals(Host, "any", StringComparison.OrdinalIgnoreCase) && !string.Equals(Host, host, StringComparison.OrdinalIgnoreCase)) return false;
        if (!string.IsNullOrEmpty(Method) && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) return false;
        if (!string.IsNullOrEmpty(PathContains) && path.IndexOf(PathContains, StringComparison.OrdinalIgnoreCase) < 0) return false;
        return true;
    }
}

/// <summary>Writes kinds as the control API takes them: throttle, unavailable, gatewayTimeout, drop, latency.</summary>
public sealed class FaultKindConverter() : JsonStringEnumConverter<FaultKind>(JsonNamingPolicy.CamelCase);
