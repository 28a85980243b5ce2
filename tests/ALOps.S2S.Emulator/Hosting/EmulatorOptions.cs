namespace ALOps.S2S.Emulator;

/// <summary>How to start an emulator (in-process through <see cref="EmulatorHost.StartAsync"/> or from the command line).</summary>
public sealed class EmulatorOptions
{
    /// <summary>Where <c>emulator.json</c> is written. Created when missing.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Holds <c>ca.pem</c> and <c>ca.key.pem</c>; defaults to <see cref="StateDirectory"/>.</summary>
    public string? CaDirectory { get; init; }

    /// <summary>The emulator's clock (token lifetimes, expiry, replication delay).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
