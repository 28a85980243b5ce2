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
    /// <summary>A token bucket per (host, tenant): 429 with the throttle body when it is empty (<see cref="FaultRule.RequestsPerSecond"/>).</summary>
    RateLimit,
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
    /// <summary>Requests this rule has hit so far (for <c>rateLimit</c>: the requests it answered 429).</summary>
    [JsonPropertyName("hits")] public int Hits { get; set; }
    /// <summary><c>rateLimit</c> only: bucket capacity and refill rate per second.</summary>
    [JsonPropertyName("requestsPerSecond"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? RequestsPerSecond { get; init; }

    /// <summary><c>rateLimit</c> only: tokens left and last refill per (host, tenant). Guarded by the fault table's lock.</summary>
    private readonly Dictionary<(string Host, string Tenant), (double Tokens, DateTimeOffset At)> _buckets = new();

    /// <summary>
    /// Takes a token from the (host, tenant) bucket. Null when the request may pass; otherwise the whole seconds until
    /// a token is available (at least 1). A refused request takes no token. Call under the fault table's lock.
    /// </summary>
    internal int? TryTakeToken(string host, string tenant, DateTimeOffset now)
    {
        var rate = RequestsPerSecond ?? throw new InvalidOperationException("Not a rateLimit fault.");
        var capacity = Math.Max(1, rate);
        var key = (host, tenant);
        var (tokens, at) = _buckets.TryGetValue(key, out var bucket) ? bucket : (capacity, now);
        var elapsed = Math.Max(0, (now - at).TotalSeconds);
        tokens = Math.Min(capacity, tokens + elapsed * rate);
        if (tokens >= 1)
        {
            _buckets[key] = (tokens - 1, now);
            return null;
        }
        _buckets[key] = (tokens, now);
        return Math.Max(1, (int)Math.Ceiling((1 - tokens) / rate));
    }

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

/// <summary>Writes kinds as the control API takes them: throttle, unavailable, gatewayTimeout, drop, latency, rateLimit.</summary>
public sealed class FaultKindConverter() : JsonStringEnumConverter<FaultKind>(JsonNamingPolicy.CamelCase);
