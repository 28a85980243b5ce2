using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary><c>/v1.0/servicePrincipals</c>: list, count, create (from an appId), get, update, delete.</summary>
public static class ServicePrincipalsResource
{
    private const string Collection = "servicePrincipals";

    public static GraphResult List(GraphRequest request)
    {
        GraphPermissions.RequireRead(request.Caller);
        return request.Collection(DirectoryLookup.ServicePrincipals(request).Select(sp => Json(request, sp)), Collection, ServicePrincipalJson.TypeName);
    }

    public static GraphResult Count(GraphRequest request, bool eventual)
    {
        GraphPermissions.RequireRead(request.Caller);
        if (!eventual) throw GraphErrors.BadRequest("$count is not currently supported.");
        return GraphResult.Text(request.Query.Apply(DirectoryLookup.ServicePrincipals(request).Select(sp => Json(request, sp)), ServicePrincipalJson.TypeName).Count().ToString());
    }

    public static GraphResult Get(GraphRequest request, string key)
    {
        GraphPermissions.RequireRead(request.Caller);
        return request.Entity(Json(request, DirectoryLookup.ServicePrincipal(request, key)), Collection, ServicePrincipalJson.TypeName);
    }

    /// <summary>
    /// 201. The app must be visible: its own tenant's app once replicated (before that: 400 with detail
    /// <c>NoBackingApplicationObject</c>), a first-party app, or another tenant's multi-tenant app.
    /// </summary>
    public static GraphResult Create(GraphRequest request)
    {
        var body = request.RequiredBody();
        var appIdText = body["appId"]?.ToString();
        if (!Guid.TryParse(appIdText, out var appId)) throw GraphErrors.InvalidValue("appId", "ServicePrincipal");

        var world = request.World;
        var tenant = request.Tenant;
        var own = tenant.Applications.FirstOrDefault(a => a.AppId == appId);
        var application = own is not null
            ? (world.IsReplicated(own.ReplicatedAt) ? own : null)
            : world.FirstPartyApplications.FirstOrDefault(a => a.AppId == appId) ??
              world.Tenants.SelectMany(t => t.Applications).FirstOrDefault(a =>
                  a.AppId == appId && a.SignInAudience != "AzureADMyOrg" && world.IsReplicated(a.ReplicatedAt));
        // Owning the application object counts in its own tenant only: in a customer tenant, a multi-tenant app's owner
        // is a user like any other.
        GraphPermissions.RequireManage(request.Caller, own?.Owners ?? []);
        if (application is null) throw GraphErrors.NoBackingApplicationObject(appIdText!);
        if (tenant.FindServicePrincipalByAppId(appId) is not null)
            throw GraphErrors.AlreadyExists($"The service principal cannot be created, updated, or restored because the service principal name {appId} is already in use.");

        var publisher = world.Tenants.FirstOrDefault(t => t.Id == application.OwnerTenantId)?.DisplayName ?? "Microsoft Services";
        // The lag is modelled on the application (issue: reads, SP creation and tokens wait for it); an SP made
        // from a replicated application is usable at once, so the delay is not paid twice.
        var sp = DirectoryObjectFactory.NewServicePrincipal(application, publisher, world.Now, world.Now,
            assignableAt: world.Now.AddSeconds(world.Settings.NewPrincipalDelaySeconds));
        ApplyProperties(sp, body, allowAppId: true);
        sp.Owners.Add(request.Caller.PrincipalId);
        tenant.ServicePrincipals.Add(sp);
        return request.Entity(Json(request, sp), Collection, ServicePrincipalJson.TypeName, status: 201);
    }

    public static GraphResult Update(GraphRequest request, string key)
    {
        var sp = DirectoryLookup.ServicePrincipal(request, key);
        GraphPermissions.RequireManage(request.Caller, [.. sp.Owners, .. DirectoryLookup.BackingApplication(request, sp)?.Owners ?? []]);
        ApplyProperties(sp, request.RequiredBody(), allowAppId: false);
        return GraphResult.NoContent;
    }

    public static GraphResult Delete(GraphRequest request, string key)
    {
        var sp = DirectoryLookup.ServicePrincipal(request, key);
        GraphPermissions.RequireManage(request.Caller, [.. sp.Owners, .. DirectoryLookup.BackingApplication(request, sp)?.Owners ?? []]);
        DirectoryLookup.RemoveServicePrincipal(request.Tenant, sp);
        return GraphResult.NoContent;
    }

    private static JsonObject Json(GraphRequest request, ServicePrincipal sp) => ServicePrincipalJson.Build(sp, DirectoryLookup.BackingApplication(request, sp));

    private static void ApplyProperties(ServicePrincipal sp, JsonObject body, bool allowAppId)
    {
        foreach (var (name, value) in body)
        {
            switch (name)
            {
                case "appId" when allowAppId:
                case "@odata.type":
                    break;
                case "accountEnabled":
                    sp.AccountEnabled = value is JsonValue v && v.TryGetValue<bool>(out var enabled) ? enabled : throw GraphErrors.InvalidValue(name, "ServicePrincipal");
                    break;
                case "appRoleAssignmentRequired":
                    sp.AppRoleAssignmentRequired = value is JsonValue r && r.TryGetValue<bool>(out var required) ? required : throw GraphErrors.InvalidValue(name, "ServicePrincipal");
                    break;
                case "tags":
                    sp.Tags = value is JsonArray tags ? tags.Select(t => t?.ToString() ?? "").ToList() : throw GraphErrors.InvalidValue(name, "ServicePrincipal");
                    break;
                case "description" or "notes" or "homepage" or "loginUrl" or "logoutUrl" or "notificationEmailAddresses" or "preferredSingleSignOnMode":
                    sp.OtherProperties[name] = value?.DeepClone();
                    break;
                case "id" or "appId" or "appOwnerOrganizationId" or "servicePrincipalNames" or "createdDateTime" or "appDisplayName":
                    throw GraphErrors.ReadOnlyProperty(name);
                default:
                    throw GraphErrors.UnknownProperty(name, ServicePrincipalJson.TypeName);
            }
        }
    }
}
