using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>What <c>GET /control/seed</c> and the entra-apps control calls show of a tenant's Business Central.</summary>
public static class BusinessCentralSeedView
{
    public static JsonArray AuthorizedApps(Tenant tenant) => new(tenant.BusinessCentral.AuthorizedApps.Select(id => (JsonNode)new JsonObject
    {
        ["appId"] = id.ToString(),
        ["isAdminConsentGranted"] = AdminCenterAccess.IsAdminConsentGranted(tenant, id),
    }).ToArray());

    public static JsonArray Environments(Tenant tenant) => new(tenant.BusinessCentral.Environments.Select(e => (JsonNode)Environment(e)).ToArray());

    public static JsonObject Environment(BcEnvironment environment) => new()
    {
        ["name"] = environment.Name,
        ["type"] = environment.Type,
        ["status"] = environment.Status,
        ["applicationFamily"] = environment.ApplicationFamily,
        ["webClientLoginUrl"] = environment.WebClientLoginUrl,
        ["companies"] = new JsonArray(environment.Companies.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id.ToString(), ["name"] = c.Name }).ToArray()),
        ["permissionSets"] = new JsonArray(environment.PermissionSets.Select(p => (JsonNode)p.RoleId).ToArray()),
        ["users"] = new JsonArray(environment.Users.Select(u => (JsonNode)User(environment, u)).ToArray()),
        ["entraApps"] = EntraApps(environment),
    };

    public static JsonArray EntraApps(BcEnvironment environment) =>
        new(environment.EntraApplications.Select(a => (JsonNode)EntraApp(environment, a)).ToArray());

    public static JsonObject EntraApp(BcEnvironment environment, EntraApplication row) => new()
    {
        ["clientId"] = row.ClientId.ToString(),
        ["description"] = row.Description,
        ["state"] = row.State,
        ["userSecurityId"] = row.UserSecurityId?.ToString(),
        ["permissionSets"] = PermissionSets(environment, row.UserSecurityId),
    };

    public static JsonObject User(BcEnvironment environment, BcUser user) => new()
    {
        ["userSecurityId"] = user.UserSecurityId.ToString(),
        ["userName"] = user.UserName,
        ["displayName"] = user.DisplayName,
        ["state"] = user.State,
        ["entraObjectId"] = user.EntraObjectId?.ToString(),
        ["applicationClientId"] = user.ApplicationClientId?.ToString(),
        ["permissionSets"] = PermissionSets(environment, user.UserSecurityId),
    };

    private static JsonArray PermissionSets(BcEnvironment environment, Guid? userSecurityId) =>
        new(userSecurityId is { } id
            ? environment.AccessControlOf(id).Select(a => a.RoleId).Distinct().Select(r => (JsonNode)r).ToArray()
            : []);
}
