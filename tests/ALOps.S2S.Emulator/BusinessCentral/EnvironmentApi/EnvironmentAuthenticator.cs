using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Decides which BC user a validated token acts as in an environment, as BC does (api-contracts.md §5.5):
/// an app only when its client id is on the environment's Microsoft Entra Applications page with State Enabled and
/// its token holds the API's role; a person only when it is an enabled user of the environment. Anything else gets
/// the same 401 Authentication_InvalidCredentials, with no hint which link is missing.
/// A delegated admin of the tenant (GDAP-like partner access) gets a user with SUPER on its first call
/// (ASSUMPTION: real BC gives delegated admins broad access without a licence; the exact permissions differ).
/// </summary>
public static class EnvironmentAuthenticator
{
    /// <param name="now">The world's clock (the time a delegated admin's user is created).</param>
    public static BcUser Authenticate(BcCaller caller, BcEnvironment environment, BcApi api, DateTimeOffset now)
    {
        var user = caller.IsApp ? ApplicationUser(caller, environment, api) : environment.Users.FirstOrDefault(u => u.EntraObjectId == caller.ObjectId)
                                                                           ?? DelegatedAdminUser(caller, environment, now);
        return user is { IsEnabled: true } ? user : throw ODataErrors.InvalidCredentials();
    }

    private static BcUser? ApplicationUser(BcCaller caller, BcEnvironment environment, BcApi api)
    {
        var registration = environment.FindEntraApplication(caller.ClientAppId);
        if (registration is not { IsEnabled: true, UserSecurityId: { } userId }) return null;
        return caller.HasRole(BcApiRoles.RequiredRole(api)) ? environment.FindUser(userId) : null;
    }

    /// <summary>Runs inside the world lock (the caller holds it), so adding the user is safe.</summary>
    private static BcUser? DelegatedAdminUser(BcCaller caller, BcEnvironment environment, DateTimeOffset now)
    {
        var admin = caller.Tenant.DelegatedAdmins.FirstOrDefault(d => d.Account.Id == caller.ObjectId);
        if (admin is null) return null;
        var key = $"bc/{caller.Tenant.Id}/{environment.Name}/delegated-admin/{admin.Account.Id}";
        var user = new BcUser
        {
            UserSecurityId = DeterministicGuid.From($"{key}/user"),
            UserName = admin.Account.UserPrincipalName.ToUpperInvariant(),
            DisplayName = admin.Account.DisplayName,
            ContactEmail = admin.Account.UserPrincipalName,
            EntraObjectId = admin.Account.Id,
        };
        environment.Users.Add(user);
        var super = environment.FindPermissionSet(StandardPermissionSets.Super)!;
        environment.AccessControl.Add(new AccessControlEntry
        {
            Id = DeterministicGuid.From($"{key}/access-control/{super.RoleId}"),
            UserSecurityId = user.UserSecurityId,
            RoleId = super.RoleId,
            AppId = super.AppId,
            SystemModifiedAt = now,
        });
        return user;
    }
}
