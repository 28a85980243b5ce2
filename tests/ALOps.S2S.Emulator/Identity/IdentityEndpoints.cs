using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>Routes of the login host (Entra ID), on the real paths, plus the managed identity endpoints.</summary>
public static class IdentityEndpoints
{
    public static void MapIdentity(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext c, string tenant, TokenEndpoint e) => e.HandleAsync(c, tenant));
        app.MapPost("/{tenant}/oauth2/v2.0/devicecode", (HttpContext c, string tenant, DeviceCodeEndpoint e) => e.HandleAsync(c, tenant));
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (HttpContext c, string tenant, DiscoveryEndpoints e) => e.OpenIdConfigurationAsync(c, tenant, v2: true));
        app.MapGet("/{tenant}/.well-known/openid-configuration", (HttpContext c, string tenant, DiscoveryEndpoints e) => e.OpenIdConfigurationAsync(c, tenant, v2: false));
        app.MapGet("/{tenant}/discovery/v2.0/keys", (HttpContext c, DiscoveryEndpoints e) => e.KeysAsync(c));
        app.MapGet("/{tenant}/discovery/keys", (HttpContext c, DiscoveryEndpoints e) => e.KeysAsync(c));
        app.MapGet("/{tenant}/adminconsent", (HttpContext c, string tenant, AdminConsentEndpoint e) => e.HandleAsync(c, tenant, v2: false));
        app.MapGet("/{tenant}/v2.0/adminconsent", (HttpContext c, string tenant, AdminConsentEndpoint e) => e.HandleAsync(c, tenant, v2: true));
        app.MapGet("/common/discovery/instance", (HttpContext c, DiscoveryEndpoints e) => e.InstanceDiscoveryAsync(c));
        app.MapGet("/msi/token", (HttpContext c, ManagedIdentityEndpoint e) => e.AppServiceAsync(c));
        app.MapGet("/metadata/identity/oauth2/token", (HttpContext c, ManagedIdentityEndpoint e) => e.ImdsAsync(c));
    }

    /// <summary>The request log host name: managed identity calls are "msi", the rest "login".</summary>
    public static string LogHostOf(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/msi") || context.Request.Path.StartsWithSegments("/metadata") ? "msi" : "login";

    public static IServiceCollection AddIdentityServices(this IServiceCollection services) => services
        .AddSingleton<CertificateAssertionValidator>()
        .AddSingleton<FederatedAssertionValidator>()
        .AddSingleton<ClientAuthenticator>()
        .AddSingleton<AccessTokenIssuer>()
        .AddSingleton<UserSignIn>()
        .AddSingleton<ClientCredentialsGrant>()
        .AddSingleton<DeviceCodeGrantHandler>()
        .AddSingleton<RefreshTokenGrantHandler>()
        .AddSingleton<TokenEndpoint>()
        .AddSingleton<DeviceCodeEndpoint>()
        .AddSingleton<DiscoveryEndpoints>()
        .AddSingleton<AdminConsentEndpoint>()
        .AddSingleton<ManagedIdentityEndpoint>();
}
