using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// Completes a user sign-in (device code or refresh token): access token for the scope's resource, and what MSAL
/// needs to build an account: <c>id_token</c>, <c>client_info</c>, <c>refresh_token</c>, <c>scope</c>.
/// </summary>
public sealed class UserSignIn(AccessTokenIssuer accessTokens, SigningCredential signing)
{
    /// <param name="authorityHost">Scheme, host and port the client called; the id_token issuer is built from it.</param>
    /// <param name="homeTenant">The user's own tenant when it signs in to another one as a delegated admin (its
    /// <c>idp</c>, and <c>client_info.utid</c> so MSAL keeps one account); null or <paramref name="tenant"/> for members.</param>
    public JsonObject Complete(WorldState world, Tenant tenant, UserAccount user, AppRegistration client, ScopeRequest scope, string authorityHost,
        bool includeClientInfo, Tenant? homeTenant = null)
    {
        homeTenant ??= tenant;
        var resource = ResourceResolver.Resolve(world, tenant, scope);
        var granted = DelegatedConsent.Resolve(tenant, client, resource, user, scope);
        var audience = ResourceResolver.Audience(scope);
        var token = accessTokens.ForUser(world, tenant, user, client.AppId, audience, granted, homeTenant);

        var scopes = granted.Select(s => $"{audience}/{s}").ToList();
        if (scope.IsDefault) scopes.Add($"{audience}/{ScopeRequest.DefaultPermission}");
        // openid, profile and email are Microsoft Graph permissions: Entra lists them only on Graph tokens. (MSAL drops
        // cached tokens whose scopes intersect a new one's, so listing them on every resource would evict Graph tokens.)
        if (resource.AppId == WellKnown.MicrosoftGraphAppId) scopes.AddRange(scope.OpenIdScopes.Where(s => s != "offline_access"));

        var response = new JsonObject
        {
            ["token_type"] = "Bearer",
            ["scope"] = string.Join(' ', scopes),
            ["expires_in"] = token.ExpiresIn,
            ["ext_expires_in"] = token.ExpiresIn,
            ["access_token"] = token.AccessToken,
        };
        if (scope.WantsRefreshToken) response["refresh_token"] = NewRefreshToken(world, tenant, user, client);
        if (scope.WantsIdToken) response["id_token"] = IdToken(world, tenant, user, client, authorityHost, homeTenant);
        if (includeClientInfo) response["client_info"] = ClientInfo(homeTenant, user);
        // First-party public clients belong to the "family" that shares refresh tokens (MSAL's FOCI).
        if (client.OwnerTenantId == WellKnown.MicrosoftServicesTenantId) response["foci"] = "1";
        return response;
    }

    public static string ClientInfo(Tenant tenant, UserAccount user) =>
        Base64Url.Encode(new JsonObject { ["uid"] = user.Id.ToString(), ["utid"] = tenant.Id.ToString() }.ToJsonString());

    private string IdToken(WorldState world, Tenant tenant, UserAccount user, AppRegistration client, string authorityHost, Tenant homeTenant)
    {
        var now = world.Now;
        var claims = new JsonObject
        {
            ["aud"] = client.AppId.ToString(),
            ["iss"] = $"{authorityHost}/{tenant.Id}/v2.0",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["name"] = user.DisplayName,
            ["oid"] = user.Id.ToString(),
            ["preferred_username"] = user.UserPrincipalName,
            ["sub"] = AccessTokenIssuer.PairwiseSubject(user.Id, client.AppId),
            ["tid"] = tenant.Id.ToString(),
            ["uti"] = Base64Url.Encode(Guid.NewGuid().ToByteArray()),
            ["ver"] = "2.0",
        };
        if (homeTenant != tenant) claims["idp"] = AccessTokenIssuer.Issuer(homeTenant);
        return DeferredSignatures.Sign(signing, claims);
    }

    private static string NewRefreshToken(WorldState world, Tenant tenant, UserAccount user, AppRegistration client)
    {
        var token = "1.A" + Base64Url.Encode(RandomNumberGenerator.GetBytes(96));
        world.RefreshTokens[WorldState.HashToken(token)] = new RefreshTokenGrant(
            tenant.Id, user.Id, client.AppId, world.Now.AddSeconds(world.Settings.RefreshTokenLifetimeSeconds));
        return token;
    }
}
