namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>A row of table 9012 "AAD Application" (page 9860 "Microsoft Entra Applications").</summary>
public sealed class EntraApplication
{
    public const int DescriptionMaxLength = 50;

    public required Guid ClientId { get; init; }
    public required string Description { get; set; }

    /// <summary><c>Enabled</c> or <c>Disabled</c> (<see cref="BcUser.Enabled"/>, <see cref="BcUser.Disabled"/>).</summary>
    public string State { get; set; } = BcUser.Disabled;

    /// <summary>The application user ("User ID"); null until the row is first enabled.</summary>
    public Guid? UserSecurityId { get; set; }

    public bool IsEnabled => State == BcUser.Enabled;
}
