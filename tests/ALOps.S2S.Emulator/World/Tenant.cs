using ALOps.S2S.Emulator.BusinessCentral;

namespace ALOps.S2S.Emulator.World;

/// <summary>An Entra tenant and the directory objects in it.</summary>
public sealed class Tenant
{
    public required Guid Id { get; init; }
    public required string DisplayName { get; init; }

    /// <summary>Verified domains; the first is the initial <c>*.onmicrosoft.com</c> domain.</summary>
    public required IReadOnlyList<string> Domains { get; init; }

    public required bool HasBusinessCentral { get; init; }
    public List<UserAccount> Users { get; } = [];
    public List<AppRegistration> Applications { get; } = [];
    public List<ServicePrincipal> ServicePrincipals { get; } = [];
    public List<AppRoleAssignment> AppRoleAssignments { get; } = [];
    public List<OAuth2PermissionGrant> PermissionGrants { get; } = [];

    /// <summary>
    /// Users of other tenants with GDAP-like partner access: they act here with the roles of their relationship (by
    /// default Global Administrator and Dynamics 365 Business Central Administrator; CONTRACT.md "Tenants created by tests").
    /// </summary>
    public List<DelegatedAdmin> DelegatedAdmins { get; } = [];

    /// <summary>Environments and Admin Center state; empty in a tenant without Business Central.</summary>
    public BusinessCentralTenant BusinessCentral { get; } = new();

    public string InitialDomain => Domains[0];

    public bool IsNamedBy(string identifier) =>
        Guid.TryParse(identifier, out var id) ? id == Id : Domains.Contains(identifier, StringComparer.OrdinalIgnoreCase);

    public UserAccount? FindUser(string userPrincipalName) =>
        Users.FirstOrDefault(u => string.Equals(u.UserPrincipalName, userPrincipalName, StringComparison.OrdinalIgnoreCase));

    /// <summary>A member user, or a delegated admin as it acts in this tenant (its roles here), by object id.</summary>
    public UserAccount? FindActingUser(Guid userId) =>
        Users.FirstOrDefault(u => u.Id == userId) ?? DelegatedAdmins.FirstOrDefault(d => d.Account.Id == userId)?.Account;

    public bool IsDelegatedAdmin(Guid userId) => DelegatedAdmins.Any(d => d.Account.Id == userId);

    public ServicePrincipal? FindServicePrincipalByAppId(Guid appId) => ServicePrincipals.FirstOrDefault(sp => sp.AppId == appId);

    public ServicePrincipal? FindServicePrincipal(Guid id) => ServicePrincipals.FirstOrDefault(sp => sp.Id == id);

    /// <summary>The resource service principal a scope's resource identifier names (e.g. https://graph.microsoft.com).</summary>
    public ServicePrincipal? FindResource(string identifier) => ServicePrincipals.FirstOrDefault(sp => sp.IsNamedBy(identifier));

    /// <summary>Values of the enabled app roles granted to <paramref name="principalId"/> on <paramref name="resource"/>.</summary>
    /// <param name="grantedBy">Only assignments created at or before this moment count (null: all).</param>
    public IReadOnlyList<string> GrantedRoleValues(Guid principalId, ServicePrincipal resource, DateTimeOffset? grantedBy = null) =>
        AppRoleAssignments
            .Where(a => a.PrincipalId == principalId && a.ResourceId == resource.Id && (grantedBy is null || a.CreatedDateTime <= grantedBy))
            .Select(a => resource.AppRoles.FirstOrDefault(r => r.Id == a.AppRoleId && r.IsEnabled)?.Value)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
