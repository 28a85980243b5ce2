namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>Business Central of one Entra tenant: its environments and the Admin Center's authorized Entra apps.</summary>
public sealed class BusinessCentralTenant
{
    public List<BcEnvironment> Environments { get; } = [];

    /// <summary>Client ids listed under "Authorized Microsoft Entra apps", in the order they were authorized.</summary>
    public List<Guid> AuthorizedApps { get; } = [];

    /// <summary>Environment names are unique within an application family, compared case-insensitively.</summary>
    public BcEnvironment? FindEnvironment(string name) =>
        Environments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool IsAuthorized(Guid appId) => AuthorizedApps.Contains(appId);
}
