using System.Text.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Faults;
using ALOps.S2S.Emulator.Hosting;
using ALOps.S2S.Emulator.Identity;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ALOps.S2S.Emulator.Control;

/// <summary>The tests-only control API (CONTRACT.md "Control API") and the test issuer's discovery documents.</summary>
public static class ControlEndpoints
{
    private static readonly JsonSerializerOptions Json = JsonResults.Options;

    public static void MapControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control");

        control.MapPost("/reset", (DirectoryStore store, RequestLog log, FaultTable faults) =>
        {
            store.Reset();
            faults.Clear();
            log.Clear();
            return Results.NoContent();
        });

        control.MapGet("/seed", (DirectoryStore store) => Ok(store.Run(SeedView.Describe)));

        control.MapGet("/requests", (RequestLog log) => Results.Json(log.Snapshot(), Json));
        control.MapDelete("/requests", (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });

        control.MapGet("/settings", (DirectoryStore store) => Ok(store.Run(world => SettingsPatch.ToJson(world.Settings))));
        control.MapPatch("/settings", async (HttpContext context, DirectoryStore store) =>
        {
            var patch = await ReadAsync<JsonObject>(context);
            return Ok(store.Run(world => SettingsPatch.ToJson(SettingsPatch.Apply(world, patch))));
        });

        control.MapPost("/tenants", async (HttpContext context, DirectoryStore store) =>
        {
            var request = await ReadAsync<NewTenantRequest>(context);
            return Results.Json(store.Run(world => TenantSeeder.CreateTenant(world, request)), Json, statusCode: 201);
        });

        control.MapPost("/tenants/{tenant}/service-principals", async (HttpContext context, string tenant, DirectoryStore store) =>
        {
            var request = await ReadAsync<NewServicePrincipalRequest>(context);
            return Results.Json(store.Run(world => TenantSeeder.AddServicePrincipal(world, tenant, request)), Json, statusCode: 201);
        });

        control.MapPost("/tenants/{tenant}/admin-consent", async (HttpContext context, string tenant, DirectoryStore store) =>
        {
            var request = await ReadAsync<AdminConsentApproval>(context);
            return Ok(store.Run(world => TenantSeeder.ApproveAdminConsent(world, tenant, request)));
        });

        control.MapPost("/tenants/{tenant}/apps", async (HttpContext context, string tenant, DirectoryStore store) =>
        {
            var request = await ReadAsync<SeedAppRequest>(context);
            return Results.Json(store.Run(world => AppSeeder.Seed(world, tenant, request)), Json, statusCode: 201);
        });

        // A directory role activated after sign-in (PIM) or held through a custom role: Graph decides from the directory,
        // while tokens issued earlier keep their old wids.
        control.MapPut("/tenants/{tenant}/users/{userPrincipalName}/directory-roles/{templateId}", (string tenant, string userPrincipalName, string templateId, DirectoryStore store) =>
        {
            store.Run(world =>
            {
                var target = world.FindTenant(tenant) ?? throw new ControlException(404, $"Tenant '{tenant}' does not exist.");
                var user = target.FindUser(userPrincipalName) ?? throw new ControlException(404, $"User '{userPrincipalName}' does not exist in '{tenant}'.");
                var role = DirectoryRole.All.FirstOrDefault(r => r.TemplateId.ToString() == templateId.ToLowerInvariant())
                           ?? throw new ControlException(400, $"'{templateId}' is not the template id of a known directory role.");
                if (!user.DirectoryRoles.Contains(role))
                    target.Users[target.Users.IndexOf(user)] = user with { DirectoryRoles = [.. user.DirectoryRoles, role] };
            });
            return Results.NoContent();
        });

        control.MapPost("/tenants/{tenant}/apps/{appId}/expire-credentials", (string tenant, string appId, DirectoryStore store) =>
        {
            store.Run(world => AppSeeder.ExpireCredentials(world, tenant, appId));
            return Results.NoContent();
        });

        control.MapPost("/test-issuer/token", async (HttpContext context, TestIssuer issuer, DirectoryStore store) =>
        {
            var request = await ReadAsync<TestIssuerTokenRequest>(context);
            if (string.IsNullOrEmpty(request.Subject)) throw new ControlException(400, "subject is required.");
            var token = issuer.IssueToken(request.Subject, request.Audience ?? WellKnown.FederatedTokenAudience,
                TimeSpan.FromSeconds(request.LifetimeSeconds ?? 600), store.Clock.GetUtcNow());
            return Ok(new JsonObject { ["token"] = token });
        });

        control.MapPost("/devicecode/approve", async (HttpContext context, DirectoryStore store) =>
        {
            var request = await ReadAsync<DeviceCodeApproval>(context);
            store.Run(world => Approve(world, request));
            return Results.NoContent();
        });

        control.MapPost("/shutdown", (HttpContext context, EmulatorRuntime runtime) =>
        {
            context.Response.OnCompleted(() =>
            {
                runtime.RequestShutdown();
                return Task.CompletedTask;
            });
            return Results.Accepted();
        });

        app.MapGet("/test-issuer/.well-known/openid-configuration", (TestIssuer issuer) => Ok(issuer.OpenIdConfiguration()));
        app.MapGet("/test-issuer/keys", (TestIssuer issuer) => Ok(issuer.KeySet()));
    }

    /// <summary>Turns <see cref="ControlException"/> into <c>{"error": message}</c> with its status.</summary>
    public static IApplicationBuilder UseControlErrors(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (ControlException failure) when (!context.Response.HasStarted)
            {
                await JsonResults.WriteAsync(context, failure.StatusCode, new JsonObject { ["error"] = failure.Message });
            }
        });

    private static void Approve(WorldState world, DeviceCodeApproval request)
    {
        var userCode = request.UserCode ?? throw new ControlException(400, "userCode is required.");
        var grant = world.DeviceCodes.Values.FirstOrDefault(g => string.Equals(g.UserCode, userCode.Replace("-", ""), StringComparison.OrdinalIgnoreCase))
                    ?? throw new ControlException(404, $"No device code with user code '{userCode}'.");
        var user = request.User ?? world.Settings.DeviceCodeUser;
        if (world.FindTenantOfUser(user)?.FindUser(user) is null) throw new ControlException(400, $"'{user}' is not a user of any tenant.");
        grant.ApprovedUser = user;
    }

    internal static async Task<T> ReadAsync<T>(HttpContext context)
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(Json, context.RequestAborted)
                   ?? throw new ControlException(400, "A JSON body is required.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ControlException(400, $"Invalid JSON body: {e.Message}");
        }
    }

    private static IResult Ok(JsonNode body) => Results.Content(body.ToJsonString(JsonResults.Options), "application/json; charset=utf-8");

    private sealed record TestIssuerTokenRequest(string? Subject, string? Audience, int? LifetimeSeconds);

    private sealed record DeviceCodeApproval(string? UserCode, string? User);
}
