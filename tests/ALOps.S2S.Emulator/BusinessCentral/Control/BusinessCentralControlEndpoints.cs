using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Control calls for Business Central (CONTRACT.md "Business Central"): the admin's steps that have no API (page
/// 9860, the Admin Center's authorized apps list) and environment status changes. Tenant: GUID or domain.
/// </summary>
public static class BusinessCentralControlEndpoints
{
    public static void MapBusinessCentralControl(this IEndpointRouteBuilder app)
    {
        var tenants = app.MapGroup("/control/tenants/{tenant}");
        var environments = tenants.MapGroup("/environments/{environment}");

        environments.MapPatch("", async (HttpContext context, string tenant, string environment, DirectoryStore store) =>
        {
            var request = await ControlEndpoints.ReadAsync<EnvironmentStatusRequest>(context);
            return Json(200, store.Run(world =>
            {
                var target = FindEnvironment(world, tenant, environment);
                target.Status = BcEnvironmentStatus.Normalize(request.Status)
                                ?? throw new ControlException(400, $"status must be one of {string.Join(", ", BcEnvironmentStatus.All)}.");
                return BusinessCentralSeedView.Environment(target);
            }));
        });

        environments.MapGet("/entra-apps", (string tenant, string environment, DirectoryStore store) =>
            Json(200, store.Run(world => BusinessCentralSeedView.EntraApps(FindEnvironment(world, tenant, environment)))));

        environments.MapPost("/entra-apps", async (HttpContext context, string tenant, string environment, DirectoryStore store) =>
        {
            var request = await ControlEndpoints.ReadAsync<EntraAppRegistrationRequest>(context);
            var clientId = ParseClientId(request.ClientId);
            return store.Run(world =>
            {
                var target = FindEnvironment(world, tenant, environment);
                var (row, created) = EntraApplicationRegistrar.Register(world, target, clientId, request.Description, request.State, request.PermissionSets ?? []);
                return Json(created ? 201 : 200, BusinessCentralSeedView.EntraApp(target, row));
            });
        });

        environments.MapPatch("/entra-apps/{clientId}", async (HttpContext context, string tenant, string environment, string clientId, DirectoryStore store) =>
        {
            var request = await ControlEndpoints.ReadAsync<EntraAppStateRequest>(context);
            return Json(200, store.Run(world =>
            {
                var (target, row) = FindEntraApp(world, tenant, environment, clientId);
                EntraApplicationRegistrar.SetState(target, row, request.State);
                return BusinessCentralSeedView.EntraApp(target, row);
            }));
        });

        environments.MapDelete("/entra-apps/{clientId}", (string tenant, string environment, string clientId, DirectoryStore store) =>
        {
            store.Run(world =>
            {
                var (target, row) = FindEntraApp(world, tenant, environment, clientId);
                EntraApplicationRegistrar.Remove(target, row);
            });
            return Results.NoContent();
        });

        // Catch-all, so a role id with a slash (D365 BACKUP/RESTORE) works escaped or not.
        environments.MapDelete("/entra-apps/{clientId}/permission-sets/{**roleId}", (string tenant, string environment, string clientId, string roleId, DirectoryStore store) =>
        {
            store.Run(world =>
            {
                var (target, row) = FindEntraApp(world, tenant, environment, clientId);
                EntraApplicationRegistrar.RemovePermissionSet(target, row, Uri.UnescapeDataString(roleId));
            });
            return Results.NoContent();
        });

        environments.MapPost("/users", async (HttpContext context, string tenant, string environment, DirectoryStore store) =>
        {
            var request = await ControlEndpoints.ReadAsync<EnvironmentUserRequest>(context);
            return Json(201, store.Run(world =>
            {
                var target = FindEnvironment(world, tenant, environment);
                return BusinessCentralSeedView.User(target, EnvironmentTables.AddUser(world, target, request));
            }));
        });

        environments.MapPost("/users/{userSecurityId}/permission-sets/{**roleId}", (string tenant, string environment, string userSecurityId, string roleId, DirectoryStore store) =>
            Json(201, store.Run(world =>
            {
                var target = FindEnvironment(world, tenant, environment);
                var user = (Guid.TryParse(userSecurityId, out var id) ? target.FindUser(id) : null)
                           ?? throw new ControlException(404, $"Environment '{target.Name}' has no user {userSecurityId}.");
                var set = target.FindPermissionSet(Uri.UnescapeDataString(roleId))
                          ?? throw new ControlException(400, $"Environment '{target.Name}' has no permission set '{Uri.UnescapeDataString(roleId)}'.");
                EnvironmentTables.Grant(world, target, user, set);
                return BusinessCentralSeedView.User(target, user);
            })));

        environments.MapPost("/permission-sets", async (HttpContext context, string tenant, string environment, DirectoryStore store) =>
        {
            var request = await ControlEndpoints.ReadAsync<PermissionSetRequest>(context);
            return Json(201, store.Run(world =>
            {
                var set = EnvironmentTables.AddPermissionSet(FindEnvironment(world, tenant, environment), request);
                return new JsonObject { ["roleId"] = set.RoleId, ["displayName"] = set.DisplayName, ["appId"] = set.AppId.ToString(), ["scope"] = set.Scope };
            }));
        });

        tenants.MapPut("/authorized-apps/{clientId}", (string tenant, string clientId, DirectoryStore store) =>
        {
            var appId = ParseClientId(clientId);
            store.Run(world =>
            {
                var authorized = FindTenant(world, tenant).BusinessCentral.AuthorizedApps;
                if (!authorized.Contains(appId)) authorized.Add(appId);
            });
            return Results.NoContent();
        });

        tenants.MapDelete("/authorized-apps/{clientId}", (string tenant, string clientId, DirectoryStore store) =>
        {
            var appId = ParseClientId(clientId);
            store.Run(world =>
            {
                if (!FindTenant(world, tenant).BusinessCentral.AuthorizedApps.Remove(appId))
                    throw new ControlException(404, $"The app {appId} is not authorized in the Business Central admin center of '{tenant}'.");
            });
            return Results.NoContent();
        });
    }

    private static Tenant FindTenant(WorldState world, string tenant) =>
        world.FindTenant(tenant) ?? throw new ControlException(404, $"Tenant '{tenant}' does not exist.");

    private static BcEnvironment FindEnvironment(WorldState world, string tenant, string environment) =>
        FindTenant(world, tenant).BusinessCentral.FindEnvironment(environment)
        ?? throw new ControlException(404, $"Tenant '{tenant}' has no Business Central environment '{environment}'.");

    private static (BcEnvironment Environment, EntraApplication Row) FindEntraApp(WorldState world, string tenant, string environment, string clientId)
    {
        var target = FindEnvironment(world, tenant, environment);
        var row = target.FindEntraApplication(ParseClientId(clientId))
                  ?? throw new ControlException(404, $"Client id {clientId} is not on the Microsoft Entra Applications page of '{target.Name}'.");
        return (target, row);
    }

    private static Guid ParseClientId(string? clientId) =>
        Guid.TryParse(clientId, out var id) ? id : throw new ControlException(400, $"clientId must be a GUID, not '{clientId}'.");

    private static IResult Json(int statusCode, JsonNode body) =>
        Results.Content(body.ToJsonString(JsonResults.Options), "application/json; charset=utf-8", statusCode: statusCode);
}
