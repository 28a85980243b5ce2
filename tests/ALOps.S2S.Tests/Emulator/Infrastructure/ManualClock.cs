namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>A clock tests move by hand (token expiry without waiting).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
