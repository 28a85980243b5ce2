using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary><c>grant_type=client_credentials</c>: an app-only token whose <c>roles</c> are the app roles granted to the client.</summary>
public sealed class ClientCredentialsGrant(ClientAuthenticator authenticator, AccessTokenIssuer accessTokens)
{
    public JsonObject Handle(WorldState world, TokenRequest request)
    {
        var tenant = TenantSegment.Resolve(world, request.TenantSegment, allowMultiTenant: false)!;
        var clientId = request.RequiredClientId();
        var scopeText = request.Required("scope");
        var scope = ScopeRequest.Parse(scopeText);
        if (!scope.IsDefault || scope.Permissions.Count != 1) throw Aadsts.ScopeWithoutDefault(scopeText);

        var (application, servicePrincipal) = ClientResolver.Resolve(world, tenant, clientId);
        var authenticationMethod = authenticator.Authenticate(world, tenant, application, request.Credentials, request.Origin);
        if (servicePrincipal is null) throw Aadsts.ClientServicePrincipalMissing(application.AppId, tenant.Id);
        if (!servicePrincipal.AccountEnabled) throw Aadsts.ApplicationDisabled(application.AppId, application.DisplayName);

        var resource = ResourceResolver.Resolve(world, tenant, scope);
        var token = accessTokens.ForApplication(world, tenant, servicePrincipal, resource, ResourceResolver.Audience(scope), authenticationMethod);
        return new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = token.ExpiresIn,
            ["ext_expires_in"] = token.ExpiresIn,
            ["access_token"] = token.AccessToken,
        };
    }
}
