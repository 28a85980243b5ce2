namespace ALOps.S2S.Emulator.Faults;

/// <summary>The installed faults, shared by every emulated host. Thread-safe; a reset clears it.</summary>
public sealed class FaultTable
{
    private readonly object _gate = new();
    private List<FaultRule> _rules = new();

    public void Replace(IEnumerable<FaultRule> rules)
    {
        lock (_gate) _rules = rules.ToList();
    }

    public void Clear()
    {
        lock (_gate) _rules = new List<FaultRule>();
    }

    /// <summary>The rules still active (expired and used-up ones are dropped).</summary>
    public IReadOnlyList<FaultRule> Snapshot(DateTimeOffset now)
    {
        lock (_gate)
        {
            _rules.RemoveAll(r => r.Count is <= 0 || (r.ExpiresAt is { } e && now >= e));
            return _rules.ToList();
        }
    }

    /// <summary>The first <c>latency</c> rule that hits this request (its count goes down by one), or null.</summary>
    public FaultRule? TakeLatency(string host, string method, string path, DateTimeOffset now) =>
        TakeFirst(r => r.Kind == FaultKind.Latency, host, method, path, now);

    /// <summary>
    /// The first matching <c>rateLimit</c> rule whose (host, tenant) bucket is empty, with the Retry-After seconds;
    /// null when the request may pass (it then took a token from the first matching rule's bucket).
    /// </summary>
    public (FaultRule Rule, int RetryAfterSeconds)? CheckRateLimit(string host, string tenant, string method, string path, DateTimeOffset now)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Kind == FaultKind.RateLimit && r.Matches(host, method, path, now));
            if (rule?.TryTakeToken(host, tenant, now) is not { } retryAfter) return null;
            rule.Hits++;
            return (rule, retryAfter);
        }
    }

    /// <summary>The first rule of the other kinds (throttle, unavailable, gatewayTimeout, drop) that hits this request, or null.</summary>
    public FaultRule? Take(string host, string method, string path, DateTimeOffset now) =>
        TakeFirst(r => r.Kind is not (FaultKind.Latency or FaultKind.RateLimit), host, method, path, now);

    private FaultRule? TakeFirst(Func<FaultRule, bool> kind, string host, string method, string path, DateTimeOffset now)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => kind(r) && r.Matches(host, method, path, now));
            if (rule is null) return null;
            if (rule.Count is { } left) rule.Count = left - 1;
            rule.Hits++;
            return rule;
        }
    }
}
