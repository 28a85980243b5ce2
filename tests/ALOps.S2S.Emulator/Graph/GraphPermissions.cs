using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// Who may do what (403 <c>Authorization_RequestDenied</c> otherwise). App-only callers need the application
/// permission; users need the delegated scope and a directory role that allows the operation (or own the object).
/// Global, Application and Cloud Application Administrators manage apps and grant app roles; Application Developers
/// create apps (and manage the ones they own) but cannot grant; plain users only read, and create apps only when
/// the tenant's <c>usersCanRegisterApplications</c> setting is on.
/// </summary>
public static class GraphPermissions
{
    private static readonly DirectoryRole[] AppAdministrators =
        [DirectoryRole.GlobalAdministrator, DirectoryRole.ApplicationAdministrator, DirectoryRole.CloudApplicationAdministrator];

    private const string ApplicationReadWriteAll = "Application.ReadWrite.All";
    private const string ApplicationReadWriteOwnedBy = "Application.ReadWrite.OwnedBy";
    private const string AppRoleAssignmentReadWriteAll = "AppRoleAssignment.ReadWrite.All";
    private const string DirectoryAccessAsUser = "Directory.AccessAsUser.All";

    public static void RequireRead(GraphCaller caller)
    {
        var allowed = caller.IsApp
            ? caller.HasRole("Application.Read.All", ApplicationReadWriteAll, ApplicationReadWriteOwnedBy, "Directory.Read.All", "Directory.ReadWrite.All")
            : caller.HasScope("Application.Read.All", ApplicationReadWriteAll, "Directory.Read.All", "Directory.ReadWrite.All", DirectoryAccessAsUser);
        Require(allowed);
    }

    public static void RequireCreateApplication(GraphCaller caller, EmulatorSettings settings)
    {
        var allowed = caller.IsApp
            ? caller.HasRole(ApplicationReadWriteAll, ApplicationReadWriteOwnedBy)
            : caller.HasScope(ApplicationReadWriteAll, DirectoryAccessAsUser) &&
              (caller.HasDirectoryRole([.. AppAdministrators, DirectoryRole.ApplicationDeveloper]) || settings.UsersCanRegisterApplications);
        Require(allowed);
    }

    /// <summary>Update, delete, credentials of an application (and creating its service principal).</summary>
    public static void RequireManage(GraphCaller caller, IReadOnlyCollection<Guid> owners)
    {
        var isOwner = owners.Contains(caller.PrincipalId);
        var allowed = caller.IsApp
            ? caller.HasRole(ApplicationReadWriteAll) || (caller.HasRole(ApplicationReadWriteOwnedBy) && isOwner)
            : caller.HasScope(ApplicationReadWriteAll, DirectoryAccessAsUser) && (caller.HasDirectoryRole(AppAdministrators) || isOwner);
        Require(allowed);
    }

    /// <summary>Granting or revoking app roles (admin consent for application permissions).</summary>
    public static void RequireGrant(GraphCaller caller)
    {
        var allowed = caller.IsApp
            ? caller.HasRole(AppRoleAssignmentReadWriteAll)
            : caller.HasScope(AppRoleAssignmentReadWriteAll, DirectoryAccessAsUser) && caller.HasDirectoryRole(AppAdministrators);
        Require(allowed);
    }

    private static void Require(bool allowed)
    {
        if (!allowed) throw GraphErrors.InsufficientPrivileges();
    }
}
