using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// <c>/admin/{v}/authorizedAadApps</c> (administration-center-api_authorizedaadapps.md): list, authorize, remove, and the
/// app-only <c>manageableTenants</c>. Authorizing neither grants consent nor registers the app in any environment.
/// </summary>
public static class AuthorizedAadAppsResource
{
    /// <summary>Documented as a bare JSON array (unlike the other collections).</summary>
    public static AdminCenterResult List(BcCaller caller)
    {
        AdminCenterAccess.RequireAdministratorUser(caller);
        var tenant = caller.Tenant;
        return AdminCenterResult.Ok(new JsonArray(tenant.BusinessCentral.AuthorizedApps.Select(id => (JsonNode)Describe(tenant, id)).ToArray()));
    }

    /// <summary>Idempotent: authorizing an authorized app answers the same.</summary>
    public static AdminCenterResult Authorize(BcCaller caller, string appClientId)
    {
        AdminCenterAccess.RequireAdministratorUser(caller);
        var appId = ParseClientId(appClientId);
        var authorized = caller.Tenant.BusinessCentral.AuthorizedApps;
        if (!authorized.Contains(appId)) authorized.Add(appId);
        return AdminCenterResult.Ok(Describe(caller.Tenant, appId));
    }

    /// <summary>No restriction to users is documented for DELETE; removing an app that is not listed is not an error (assumption).</summary>
    public static AdminCenterResult Remove(BcCaller caller, string appClientId)
    {
        AdminCenterAccess.RequireAdministrator(caller);
        caller.Tenant.BusinessCentral.AuthorizedApps.Remove(ParseClientId(appClientId));
        return AdminCenterResult.NoContent;
    }

    /// <summary>Every tenant in which the calling app is authorized (consent there is not checked, as documented).</summary>
    public static AdminCenterResult ManageableTenants(WorldState world, BcCaller caller)
    {
        AdminCenterAccess.RequireAuthorizedApp(caller);
        var tenants = world.Tenants.Where(t => t.BusinessCentral.IsAuthorized(caller.ClientAppId))
            .Select(t => (JsonNode)new JsonObject { ["entraTenantId"] = t.Id.ToString() });
        return AdminCenterResult.Ok(new JsonObject { ["value"] = new JsonArray(tenants.ToArray()) });
    }

    private static JsonObject Describe(Tenant tenant, Guid appId) => new()
    {
        ["appId"] = appId.ToString(),
        ["isAdminConsentGranted"] = AdminCenterAccess.IsAdminConsentGranted(tenant, appId),
    };

    private static Guid ParseClientId(string value) =>
        Guid.TryParse(value, out var appId) ? appId : throw AdminCenterErrors.InvalidAppClientId(value);
}
