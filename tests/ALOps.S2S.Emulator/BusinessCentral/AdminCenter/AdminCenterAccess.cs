using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Who may use the Admin Center API: users holding an admin directory role (by <c>wids</c>), and apps that are
/// authorized in the tenant and hold <c>AdminCenter.ReadWrite.All</c> (api-contracts.md §4).
/// </summary>
public static class AdminCenterAccess
{
    public const string AdminCenterRole = "AdminCenter.ReadWrite.All";

    /// <summary>Global Administrator, Dynamics 365 Administrator, Dynamics 365 Business Central Administrator.</summary>
    public static readonly IReadOnlySet<Guid> AdministratorRoleTemplateIds = new HashSet<Guid>
    {
        Guid.Parse("62e90394-69f5-4237-9190-012177145e10"),
        Guid.Parse("44367163-eba1-44c3-98af-f5787879f96a"),
        Guid.Parse("963797fb-eb3b-4cde-8ce3-5878b3f32a3f"),
    };

    /// <summary>authorizedAadApps GET and PUT: documented as unusable when authenticated as an app.</summary>
    public static void RequireAdministratorUser(BcCaller caller)
    {
        if (caller.IsApp) throw AdminCenterErrors.AppOnlyNotAllowed();
        if (!caller.DirectoryRoleTemplateIds.Overlaps(AdministratorRoleTemplateIds)) throw AdminCenterErrors.NotAnAdministrator();
    }

    /// <summary>manageableTenants: documented as usable only when authenticated as an app.</summary>
    public static void RequireAuthorizedApp(BcCaller caller)
    {
        if (!caller.IsApp) throw AdminCenterErrors.DelegatedNotAllowed();
        RequireAppAccess(caller);
    }

    /// <summary>Every other operation: an administrator user, or an authorized app with the Admin Center role.</summary>
    public static void RequireAdministrator(BcCaller caller)
    {
        if (caller.IsApp) RequireAppAccess(caller);
        else RequireAdministratorUser(caller);
    }

    private static void RequireAppAccess(BcCaller caller)
    {
        if (!caller.HasRole(AdminCenterRole)) throw AdminCenterErrors.MissingAdminCenterRole(caller.ClientAppId);
        if (!caller.Tenant.BusinessCentral.IsAuthorized(caller.ClientAppId)) throw AdminCenterErrors.AppNotAuthorized(caller.ClientAppId);
    }

    /// <summary>"Admin consent granted": the app's service principal holds any Business Central app role.</summary>
    public static bool IsAdminConsentGranted(Tenant tenant, Guid appId)
    {
        var principal = tenant.FindServicePrincipalByAppId(appId);
        var businessCentral = tenant.FindServicePrincipalByAppId(WellKnown.BusinessCentralAppId);
        return principal is not null && businessCentral is not null &&
               tenant.AppRoleAssignments.Any(a => a.PrincipalId == principal.Id && a.ResourceId == businessCentral.Id);
    }
}
