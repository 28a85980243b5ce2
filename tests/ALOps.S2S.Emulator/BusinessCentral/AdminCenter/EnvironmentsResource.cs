using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// <c>/admin/{v}/applications[/{family}]/environments[/{name}]</c> (administration-center-api_environments.md).
/// Lists show every environment whatever its status.
/// </summary>
public static class EnvironmentsResource
{
    private static readonly string[] Families = [BcEnvironment.BusinessCentralFamily];

    /// <param name="family">Null for <c>/applications/environments</c> (all families).</param>
    public static AdminCenterResult List(BcCaller caller, string? family, string serviceHost)
    {
        AdminCenterAccess.RequireAdministrator(caller);
        var wanted = family is null ? null : ResolveFamily(family);
        var environments = caller.Tenant.BusinessCentral.Environments
            .Where(e => wanted is null || e.ApplicationFamily == wanted)
            .Select(e => (JsonNode)AdminCenterEnvironmentJson.Describe(e, serviceHost));
        return AdminCenterResult.Ok(new JsonObject { ["value"] = new JsonArray(environments.ToArray()) });
    }

    /// <summary>
    /// The prose says "returns a single environment" but the documented shape wraps it in <c>value</c>
    /// (bc.admin.environments.get.json); the emulator answers the documented shape.
    /// </summary>
    public static AdminCenterResult Get(BcCaller caller, string family, string name, string serviceHost)
    {
        AdminCenterAccess.RequireAdministrator(caller);
        var resolved = ResolveFamily(family);
        var environment = caller.Tenant.BusinessCentral.FindEnvironment(name);
        if (environment is null || environment.ApplicationFamily != resolved) throw AdminCenterErrors.EnvironmentNotFound(resolved, name);
        return AdminCenterResult.Ok(new JsonObject { ["value"] = new JsonArray(AdminCenterEnvironmentJson.Describe(environment, serviceHost)) });
    }

    private static string ResolveFamily(string family) =>
        Families.FirstOrDefault(f => string.Equals(f, family, StringComparison.OrdinalIgnoreCase))
        ?? throw AdminCenterErrors.ApplicationTypeDoesNotExist(family);
}
