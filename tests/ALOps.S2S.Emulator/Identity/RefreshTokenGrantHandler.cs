using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// <c>grant_type=refresh_token</c>: a refresh token from one sign-in yields tokens for any resource the user and
/// client have consent for (e.g. Graph first, then Business Central), in the tenant it was issued in, through
/// <c>organizations</c>/<c>common</c>, or in a tenant where the user is a delegated admin (GDAP-like; the token then
/// has that tenant's <c>tid</c> and the delegated admin roles). Any other tenant: AADSTS50020.
/// </summary>
public sealed class RefreshTokenGrantHandler(UserSignIn userSignIn, ClientAuthenticator authenticator)
{
    public JsonObject Handle(WorldState world, TokenRequest request)
    {
        var refreshToken = request.Required("refresh_token");
        var clientId = request.RequiredClientId();
        var scope = ScopeRequest.Parse(request.Required("scope"));

        if (!world.RefreshTokens.TryGetValue(WorldState.HashToken(refreshToken), out var grant)) throw Aadsts.InvalidRefreshToken();
        if (grant.ExpiresAt <= world.Now) throw Aadsts.RefreshTokenExpired();

        var requestedTenant = TenantSegment.Resolve(world, request.TenantSegment, allowMultiTenant: true);
        var grantTenant = world.Tenants.FirstOrDefault(t => t.Id == grant.TenantId);
        var homeTenant = world.FindHomeTenantOfUser(grant.UserId);
        if (grantTenant?.FindActingUser(grant.UserId) is null || homeTenant is null) throw Aadsts.InvalidRefreshToken();
        var homeAccount = homeTenant.Users.First(u => u.Id == grant.UserId);
        var tenant = requestedTenant ?? grantTenant;

        var application = Guid.TryParse(clientId, out var appId) ? world.FindApplicationByAppId(appId) : null;
        if (application is null) throw Aadsts.ClientNotFound(clientId, tenant.DisplayName);
        if (application.AppId != grant.ClientId && !BothInFamily(world, application.AppId, grant.ClientId)) throw Aadsts.RefreshTokenOfOtherClient();
        // A member (home tenant) or a delegated admin acts in the tenant; anyone else is not in its directory.
        var user = tenant.FindActingUser(grant.UserId)
                   ?? throw Aadsts.UserNotInTenant(homeAccount.UserPrincipalName, homeTenant.Id, tenant.DisplayName, application.AppId, application.DisplayName);
        if (!application.IsPublicClient) authenticator.Authenticate(world, tenant, application, request.Credentials, request.Origin);

        return userSignIn.Complete(world, tenant, user, application, scope, request.AuthorityHost, request.WantsClientInfo, homeTenant);
    }

    /// <summary>First-party public clients share refresh tokens ("family of client ids").</summary>
    private static bool BothInFamily(WorldState world, Guid a, Guid b) =>
        world.FirstPartyApplications.Any(x => x.AppId == a && x.IsPublicClient) &&
        world.FirstPartyApplications.Any(x => x.AppId == b && x.IsPublicClient);
}
