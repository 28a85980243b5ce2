namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// One Business Central environment: what the Admin Center lists about it, and the tables its APIs read
/// (companies, users, permission sets, Access Control, Microsoft Entra Applications, extensions).
/// </summary>
public sealed class BcEnvironment
{
    public const string BusinessCentralFamily = "BusinessCentral";

    public required string Name { get; init; }

    /// <summary><c>Production</c> or <c>Sandbox</c>.</summary>
    public required string Type { get; init; }

    public required string FriendlyName { get; init; }
    public required Guid AadTenantId { get; init; }
    public required string CountryCode { get; init; }
    public required string Status { get; set; }
    public string ApplicationFamily { get; init; } = BusinessCentralFamily;
    public required string LocationName { get; init; }
    public required string GeoName { get; init; }
    public required string RingName { get; init; }
    public string AppInsightsKey { get; init; } = "";
    public string AppSourceAppsUpdateCadence { get; init; } = "DuringMajorUpgrade";
    public required BcVersionDetails VersionDetails { get; init; }

    public List<BcCompany> Companies { get; } = [];
    public List<BcPermissionSet> PermissionSets { get; } = [];
    public List<BcUser> Users { get; } = [];

    /// <summary>The "Access Control" table: which permission set each user holds, in which company.</summary>
    public List<AccessControlEntry> AccessControl { get; } = [];

    /// <summary>Table 9012 "AAD Application", shown on page 9860 "Microsoft Entra Applications".</summary>
    public List<EntraApplication> EntraApplications { get; } = [];

    public List<BcExtension> Extensions { get; } = [];

    public bool IsActive => Status == BcEnvironmentStatus.Active;

    /// <summary>The real web client host; the module only shows it as a link.</summary>
    public string WebClientLoginUrl => $"https://businesscentral.dynamics.com/{AadTenantId}/{Name}";

    public BcCompany? FindCompany(Guid id) => Companies.FirstOrDefault(c => c.Id == id);

    public BcUser? FindUser(Guid userSecurityId) => Users.FirstOrDefault(u => u.UserSecurityId == userSecurityId);

    public BcUser? FindUserByName(string userName) =>
        Users.FirstOrDefault(u => string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Role ids are compared case-insensitively, as BC's code fields are upper case.</summary>
    public BcPermissionSet? FindPermissionSet(string roleId) =>
        PermissionSets.FirstOrDefault(p => string.Equals(p.RoleId, roleId, StringComparison.OrdinalIgnoreCase));

    public EntraApplication? FindEntraApplication(Guid clientId) => EntraApplications.FirstOrDefault(a => a.ClientId == clientId);

    public IEnumerable<AccessControlEntry> AccessControlOf(Guid userSecurityId) => AccessControl.Where(a => a.UserSecurityId == userSecurityId);
}

/// <summary><c>versionDetails</c> of an environment.</summary>
public sealed record BcVersionDetails(string Version, DateTimeOffset GracePeriodStartDate, DateTimeOffset EnforcedUpdatePeriodStartDate);
