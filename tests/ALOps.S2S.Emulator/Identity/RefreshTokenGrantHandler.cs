using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// <c>grant_type=refresh_token</c>: a refresh token from one sign-in yields tokens for any resource the user and
/// client have consent for (e.g. Graph first, then Business Central).
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
        var tenant = world.Tenants.FirstOrDefault(t => t.Id == grant.TenantId);
        var user = tenant?.Users.FirstOrDefault(u => u.Id == grant.UserId);
        if (tenant is null || user is null || (requestedTenant is not null && requestedTenant != tenant)) throw Aadsts.InvalidRefreshToken();

        var application = Guid.TryParse(clientId, out var appId) ? world.FindApplicationByAppId(appId) : null;
        if (application is null) throw Aadsts.ClientNotFound(clientId, tenant.DisplayName);
        if (application.AppId != grant.ClientId && !BothInFamily(world, application.AppId, grant.ClientId)) throw Aadsts.RefreshTokenOfOtherClient();
        if (!application.IsPublicClient) authenticator.Authenticate(world, tenant, application, request.Credentials, request.Origin);

        return userSignIn.Complete(world, tenant, user, application, scope, request.AuthorityHost, request.WantsClientInfo);
    }

    /// <summary>First-party public clients share refresh tokens ("family of client ids").</summary>
    private static bool BothInFamily(WorldState world, Guid a, Guid b) =>
        world.FirstPartyApplications.Any(x => x.AppId == a && x.IsPublicClient) &&
        world.FirstPartyApplications.Any(x => x.AppId == b && x.IsPublicClient);
}
