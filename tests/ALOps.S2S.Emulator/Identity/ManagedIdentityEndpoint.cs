using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.Hosting;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// Tokens for the seeded managed identity: the App Service / Azure Automation endpoint
/// (<c>IDENTITY_ENDPOINT</c> + <c>X-IDENTITY-HEADER</c>, api-version 2019-08-01) and the VM (IMDS) endpoint shape.
/// </summary>
public sealed class ManagedIdentityEndpoint(DirectoryStore store, AccessTokenIssuer accessTokens, EmulatorUrls urls)
{
    public const string AppServiceApiVersion = "2019-08-01";

    public Task AppServiceAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (context.Request.Headers["X-IDENTITY-HEADER"] != urls.ManagedIdentityHeader)
            return AppServiceError(context, 401, "The request is missing or has an invalid X-IDENTITY-HEADER header.");
        if (query["api-version"] != AppServiceApiVersion)
            return AppServiceError(context, 400, $"The api-version '{query["api-version"]}' could not be found. Supported: {AppServiceApiVersion}.");
        var resource = query["resource"].ToString();
        if (resource.Length == 0) return AppServiceError(context, 400, "The 'resource' query parameter is required.");

        try
        {
            var (token, clientId) = store.Run(world => Issue(world, resource, query));
            RequestLog.Annotate(context, clientId.ToString(), null);
            return JsonResults.WriteAsync(context, 200, new JsonObject
            {
                ["access_token"] = token.AccessToken,
                ["expires_on"] = token.ExpiresOn.ToUnixTimeSeconds().ToString(),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
                ["client_id"] = clientId.ToString(),
            });
        }
        catch (AadstsException failure)
        {
            return AppServiceError(context, 400, $"AADSTS{failure.Error.Code}: {failure.Error.Message}");
        }
    }

    public Task ImdsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (context.Request.Headers["Metadata"] != "true") return ImdsError(context, "invalid_request", "Required metadata header not specified");
        if (string.IsNullOrEmpty(query["api-version"])) return ImdsError(context, "invalid_request", "Required query variable 'api-version' is missing");
        var resource = query["resource"].ToString();
        if (resource.Length == 0) return ImdsError(context, "invalid_request", "Required query variable 'resource' is missing");

        try
        {
            var (token, clientId) = store.Run(world => Issue(world, resource, query));
            RequestLog.Annotate(context, clientId.ToString(), null);
            var now = token.ExpiresOn.AddSeconds(-token.ExpiresIn);
            return JsonResults.WriteAsync(context, 200, new JsonObject
            {
                ["access_token"] = token.AccessToken,
                ["refresh_token"] = "",
                ["expires_in"] = token.ExpiresIn.ToString(),
                ["expires_on"] = token.ExpiresOn.ToUnixTimeSeconds().ToString(),
                ["not_before"] = now.ToUnixTimeSeconds().ToString(),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
                ["client_id"] = clientId.ToString(),
            });
        }
        catch (AadstsException failure)
        {
            return ImdsError(context, failure.Error.Error, $"AADSTS{failure.Error.Code}: {failure.Error.Message}");
        }
    }

    private (IssuedToken Token, Guid ClientId) Issue(WorldState world, string resource, IQueryCollection query)
    {
        var (tenant, identity) = world.Tenants
            .SelectMany(t => t.ServicePrincipals.Where(sp => sp.ServicePrincipalType == "ManagedIdentity").Select(sp => (Tenant: t, Identity: sp)))
            .First();
        var requested = query["client_id"].ToString() + query["principal_id"] + query["object_id"] + query["mi_res_id"];
        if (requested.Length > 0 && requested != identity.AppId.ToString() && requested != identity.Id.ToString())
            throw new AadstsException(new AadstsError(0, "invalid_request", 400, "Unable to load the requested managed identity."));

        var scope = new ScopeRequest(resource, resource.TrimEnd('/'), [ScopeRequest.DefaultPermission], []);
        var target = ResourceResolver.Resolve(world, tenant, scope);
        return (accessTokens.ForApplication(world, tenant, identity, target, ResourceResolver.Audience(scope), "2"), identity.AppId);
    }

    private static Task AppServiceError(HttpContext context, int status, string message) =>
        JsonResults.WriteAsync(context, status, new JsonObject
        {
            ["statusCode"] = status,
            ["message"] = message,
            ["correlationId"] = Guid.NewGuid().ToString(),
        });

    private static Task ImdsError(HttpContext context, string error, string description) =>
        JsonResults.WriteAsync(context, 400, new JsonObject { ["error"] = error, ["error_description"] = description });
}
