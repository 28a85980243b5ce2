namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// A row of the User table: a person synchronised from Entra (<see cref="EntraObjectId"/>) or the application user
/// BC creates when a Microsoft Entra Applications row is enabled (<see cref="ApplicationClientId"/>).
/// </summary>
public sealed class BcUser
{
    public const string Enabled = "Enabled";
    public const string Disabled = "Disabled";

    public required Guid UserSecurityId { get; init; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public string State { get; set; } = Enabled;

    /// <summary>Null: never expires (the API shows <c>0001-01-01T00:00:00Z</c>).</summary>
    public DateTimeOffset? ExpiryDate { get; init; }

    public string ContactEmail { get; init; } = "";
    public Guid? EntraObjectId { get; init; }
    public Guid? ApplicationClientId { get; init; }

    public bool IsEnabled => State == Enabled;
    public bool IsApplication => ApplicationClientId is not null;
}
