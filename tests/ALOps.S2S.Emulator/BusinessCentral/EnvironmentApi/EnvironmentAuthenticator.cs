namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Decides which BC user a validated token acts as in an environment, as BC does (api-contracts.md §5.5):
/// an app only when its client id is on the environment's Microsoft Entra Applications page with State Enabled and
/// its token holds the API's role; a person only when it is an enabled user of the environment. Anything else gets
/// the same 401 Authentication_InvalidCredentials, with no hint which link is missing.
/// </summary>
public static class EnvironmentAuthenticator
{
    public static BcUser Authenticate(BcCaller caller, BcEnvironment environment, BcApi api)
    {
        var user = caller.IsApp ? ApplicationUser(caller, environment, api) : environment.Users.FirstOrDefault(u => u.EntraObjectId == caller.ObjectId);
        return user is { IsEnabled: true } ? user : throw ODataErrors.InvalidCredentials();
    }

    private static BcUser? ApplicationUser(BcCaller caller, BcEnvironment environment, BcApi api)
    {
        var registration = environment.FindEntraApplication(caller.ClientAppId);
        if (registration is not { IsEnabled: true, UserSecurityId: { } userId }) return null;
        return caller.HasRole(BcApiRoles.RequiredRole(api)) ? environment.FindUser(userId) : null;
    }
}
