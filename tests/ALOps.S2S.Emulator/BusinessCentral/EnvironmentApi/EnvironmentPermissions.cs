namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Permission-set checks of the environment APIs (403 Authorization_RequestDenied). The emulator models permission
/// sets as whole grants, not table by table: each route names the sets that are enough for it (CONTRACT.md
/// "Business Central"). Access Control rows for one company count only in that company.
/// </summary>
public static class EnvironmentPermissions
{
    /// <summary>The automation API's entities (companies, users, userPermissions, permissionSets).</summary>
    public static readonly string[] AutomationAccess =
        [StandardPermissionSets.D365Automation, StandardPermissionSets.Security, StandardPermissionSets.Super];

    /// <summary>
    /// Reading extensions (page 30002 over "Published Application"): every set that grants Read on that table
    /// (BCApps: d365automation.permissionset.al, ExtenMgtAdmin.PermissionSet.al, d365read.permissionset.al,
    /// d365busfullaccess.permissionset.al) and SUPER.
    /// </summary>
    public static readonly string[] ExtensionRead =
    [
        StandardPermissionSets.D365Automation, StandardPermissionSets.ExtensionManagementAdmin, StandardPermissionSets.D365Read,
        StandardPermissionSets.D365BusFullAccess, StandardPermissionSets.Super,
    ];

    /// <summary>Installing and uninstalling extensions: EXTEN. MGT. - ADMIN (or SUPER), the set behind ALOps issue 763.</summary>
    public static readonly string[] ExtensionManagement = [StandardPermissionSets.ExtensionManagementAdmin, StandardPermissionSets.Super];

    /// <summary>Assigning and removing permission sets: a person needs SECURITY or SUPER, an app D365 AUTOMATION or SECURITY.</summary>
    public static string[] PermissionAssignment(BcUser caller) => caller.IsApplication
        ? [StandardPermissionSets.D365Automation, StandardPermissionSets.Security]
        : [StandardPermissionSets.Security, StandardPermissionSets.Super];

    /// <summary>Reading the standard API's companies: any permission set at all.</summary>
    public static void RequireAny(BcEnvironment environment, BcUser user, string tableName, string operation)
    {
        if (!environment.AccessControlOf(user.UserSecurityId).Any()) throw ODataErrors.PermissionDenied(tableName, operation);
    }

    /// <param name="company">The company of the route; null (the companies collection): a row for any company counts.</param>
    public static void RequireOneOf(BcEnvironment environment, BcUser user, BcCompany? company, string tableName, string operation, IReadOnlyCollection<string> roleIds)
    {
        if (!HoldsAny(environment, user, company, roleIds)) throw ODataErrors.PermissionDenied(tableName, operation);
    }

    public static bool HoldsAny(BcEnvironment environment, BcUser user, BcCompany? company, IReadOnlyCollection<string> roleIds) =>
        environment.AccessControlOf(user.UserSecurityId).Any(a =>
            a.AppliesTo(company?.Name) && roleIds.Contains(a.RoleId, StringComparer.OrdinalIgnoreCase));
}
