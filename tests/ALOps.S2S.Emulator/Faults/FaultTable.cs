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

    /// <summary>The first rule that hits this request (its count goes down by one), or null.</summary>
    public FaultRule? Take(string host, string method, string path, DateTimeOffset now)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Matches(host, method, path, now));
            if (rule is null) return null;
            if (rule.Count is { } left) rule.Count = left - 1;
            rule.Hits++;
            return rule;
        }
    }
}
