namespace ALOps.S2S.Emulator.World;

/// <summary>Behaviour switches tests change through <c>PATCH /control/settings</c>; reset restores these defaults.</summary>
public sealed record EmulatorSettings
{
    /// <summary>Seconds during which a new app, service principal or secret is invisible (Entra replication).</summary>
    public int ReplicationDelaySeconds { get; init; }

    public bool DeviceCodeAutoApprove { get; init; } = true;
    public string DeviceCodeUser { get; init; } = "admin@contoso.onmicrosoft.com";
    public int DeviceCodeIntervalSeconds { get; init; } = 1;
    public int DeviceCodeLifetimeSeconds { get; init; } = 900;
    public int TokenLifetimeSeconds { get; init; } = 3600;
    public int RefreshTokenLifetimeSeconds { get; init; } = 90 * 24 * 3600;

    /// <summary>The tenant's "Users can register applications" switch; off, only admin roles and Application Developer can.</summary>
    public bool UsersCanRegisterApplications { get; init; }
}
