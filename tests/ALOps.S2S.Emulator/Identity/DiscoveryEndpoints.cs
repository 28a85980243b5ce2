using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>OpenID Connect discovery, signing keys and MSAL's instance discovery, on the real paths.</summary>
public sealed class DiscoveryEndpoints(DirectoryStore store, SigningCredential signing)
{
    public Task OpenIdConfigurationAsync(HttpContext context, string tenant, bool v2)
    {
        var host = AuthorityHost.Of(context.Request);
        Tenant? resolved;
        try
        {
            resolved = store.Run(world => TenantSegment.Resolve(world, tenant, allowMultiTenant: true));
        }
        catch (AadstsException failure)
        {
            return JsonResults.WriteAsync(context, 400, new JsonObject
            {
                ["error"] = "invalid_tenant",
                ["error_description"] = $"AADSTS{failure.Error.Code}: {failure.Error.Message}",
                ["error_codes"] = new JsonArray(failure.Error.Code),
            });
        }

        var tenantId = resolved?.Id.ToString() ?? "{tenantid}";
        var path = v2 ? "/v2.0" : "";
        var issuer = v2 ? $"{host}/{tenantId}/v2.0" : $"https://sts.windows.net/{tenantId}/";
        var body = new JsonObject
        {
            ["token_endpoint"] = $"{host}/{tenant}/oauth2{path}/token",
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "private_key_jwt", "client_secret_basic"),
            ["jwks_uri"] = $"{host}/{tenant}/discovery{path}/keys",
            ["response_modes_supported"] = new JsonArray("query", "fragment", "form_post"),
            ["subject_types_supported"] = new JsonArray("pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token", "id_token token"),
            ["scopes_supported"] = new JsonArray("openid", "profile", "email", "offline_access"),
            ["issuer"] = issuer,
            ["request_uri_parameter_supported"] = false,
            ["authorization_endpoint"] = $"{host}/{tenant}/oauth2{path}/authorize",
            ["device_authorization_endpoint"] = $"{host}/{tenant}/oauth2{path}/devicecode",
            ["end_session_endpoint"] = $"{host}/{tenant}/oauth2{path}/logout",
            ["claims_supported"] = new JsonArray("sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"),
            ["tenant_region_scope"] = "EU",
            ["cloud_instance_name"] = context.Request.Host.Value,
            ["cloud_graph_host_name"] = "graph.windows.net",
            ["msgraph_host"] = "graph.microsoft.com",
        };
        return JsonResults.WriteAsync(context, 200, body);
    }

    public Task KeysAsync(HttpContext context) =>
        JsonResults.WriteAsync(context, 200, new JsonObject { ["keys"] = new JsonArray(signing.ToJsonWebKey()) });

    /// <summary><c>GET /common/discovery/instance</c>: MSAL asks it unless instance discovery is off.</summary>
    public Task InstanceDiscoveryAsync(HttpContext context)
    {
        var host = context.Request.Host.Value!;
        var authorizationEndpoint = context.Request.Query["authorization_endpoint"].ToString();
        var tenant = Uri.TryCreate(authorizationEndpoint, UriKind.Absolute, out var uri) && uri.Segments.Length > 1
            ? uri.Segments[1].TrimEnd('/')
            : "common";
        return JsonResults.WriteAsync(context, 200, new JsonObject
        {
            ["tenant_discovery_endpoint"] = $"https://{host}/{tenant}/v2.0/.well-known/openid-configuration",
            ["api-version"] = "1.1",
            ["metadata"] = new JsonArray(new JsonObject
            {
                ["preferred_network"] = host,
                ["preferred_cache"] = host,
                ["aliases"] = new JsonArray(host),
            }),
        });
    }
}
