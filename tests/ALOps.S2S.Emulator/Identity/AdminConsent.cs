using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// A tenant administrator's consent to an app's application permissions (what the <c>adminconsent</c> page does when the
/// admin accepts): the app's service principal in the tenant, and every <c>Role</c> the app's
/// <c>requiredResourceAccess</c> lists, granted on the resources of that tenant. Consent again adds what is missing.
/// </summary>
public static class AdminConsent
{
    /// <summary>Roles that may grant application permissions of resources other than Microsoft Graph.</summary>
    private static readonly DirectoryRole[] Approvers =
        [DirectoryRole.GlobalAdministrator, DirectoryRole.ApplicationAdministrator, DirectoryRole.CloudApplicationAdministrator];

    public sealed record Outcome(ServicePrincipal ServicePrincipal, IReadOnlyList<string> GrantedRoles);

    /// <summary>Ends a consent that the admin could not give; the page redirects with these OAuth error values.</summary>
    public sealed class Refused(string error, string description) : Exception(description)
    {
        public string Error { get; } = error;
    }

    /// <summary>The app as seen from <paramref name="tenant"/>: its own, or another tenant's multi-tenant app; else AADSTS700016.</summary>
    public static AppRegistration FindApplication(WorldState world, Tenant tenant, string clientId)
    {
        var application = Guid.TryParse(clientId, out var appId) ? world.FindApplicationByAppId(appId) : null;
        if (application is null || !world.IsReplicated(application.ReplicatedAt) ||
            (application.OwnerTenantId != tenant.Id && application.SignInAudience == "AzureADMyOrg"))
            throw Aadsts.ClientNotFound(clientId, tenant.DisplayName);
        return application;
    }

    /// <param name="resource">Only this resource's permissions (the v2.0 endpoint's <c>{resource}/.default</c> scope); null: all.</param>
    public static Outcome Grant(WorldState world, Tenant tenant, AppRegistration application, UserAccount approver, string? resource)
    {
        if (!approver.HasAnyRole(Approvers))
            throw new Refused("access_denied", $"AADSTS90094: The grant requires admin permission. {approver.UserPrincipalName} is not an administrator who can consent for '{tenant.DisplayName}'.");

        var wanted = application.RequiredResourceAccess
            .Select(entry => (Entry: entry, Resource: tenant.FindServicePrincipalByAppId(entry.ResourceAppId)))
            .Where(r => resource is null || r.Resource?.IsNamedBy(resource) == true || string.Equals(r.Entry.ResourceAppId.ToString(), resource, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (resource is not null && wanted.Count == 0)
            throw new Refused("invalid_request", $"AADSTS650057: Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client's application registration. Resource: {resource}.");
        var missing = wanted.FirstOrDefault(r => r.Resource is null);
        if (missing.Entry is not null)
            throw new Refused("invalid_request", $"AADSTS650052: The app needs access to a service ('{missing.Entry.ResourceAppId}') that your organization '{tenant.DisplayName}' has not subscribed to or enabled.");

        var now = world.Now;
        var principal = tenant.FindServicePrincipalByAppId(application.AppId);
        if (principal is null)
        {
            var publisher = world.Tenants.FirstOrDefault(t => t.Id == application.OwnerTenantId)?.DisplayName ?? "Microsoft Services";
            principal = DirectoryObjectFactory.NewServicePrincipal(application, publisher, now, now);
            tenant.ServicePrincipals.Add(principal);
        }

        foreach (var (entry, resourcePrincipal) in wanted)
        {
            foreach (var access in entry.ResourceAccess.Where(a => a.Type == "Role"))
            {
                if (resourcePrincipal!.AppRoles.All(r => r.Id != access.Id)) continue;
                if (tenant.AppRoleAssignments.Any(a => a.PrincipalId == principal.Id && a.ResourceId == resourcePrincipal.Id && a.AppRoleId == access.Id)) continue;
                tenant.AppRoleAssignments.Add(DirectoryObjectFactory.NewAppRoleAssignment(principal, resourcePrincipal, access.Id, now));
            }
        }

        var granted = wanted.SelectMany(r => tenant.GrantedRoleValues(principal.Id, r.Resource!)).Distinct(StringComparer.Ordinal).ToList();
        return new Outcome(principal, granted);
    }

    /// <summary>The account that approves in <paramref name="tenant"/>: a member, or a delegated admin with its roles there.</summary>
    public static UserAccount? ActingUser(WorldState world, Tenant tenant, string userPrincipalName)
    {
        var home = world.FindTenantOfUser(userPrincipalName)?.FindUser(userPrincipalName);
        return home is null ? null : tenant.FindActingUser(home.Id);
    }
}
