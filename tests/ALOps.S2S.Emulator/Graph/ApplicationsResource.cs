using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary><c>/v1.0/applications</c>: list, count, create, get, update, delete.</summary>
public static class ApplicationsResource
{
    private const string Collection = "applications";

    public static GraphResult List(GraphRequest request)
    {
        GraphPermissions.RequireRead(request.Caller);
        return request.Collection(DirectoryLookup.Applications(request).Select(a => ApplicationJson.Build(a)), Collection, ApplicationJson.TypeName);
    }

    public static GraphResult Count(GraphRequest request, bool eventual)
    {
        GraphPermissions.RequireRead(request.Caller);
        if (!eventual) throw GraphErrors.BadRequest("$count is not currently supported.");
        var items = request.Query.Apply(DirectoryLookup.Applications(request).Select(a => ApplicationJson.Build(a)), ApplicationJson.TypeName);
        return GraphResult.Text(items.Count().ToString());
    }

    public static GraphResult Create(GraphRequest request)
    {
        GraphPermissions.RequireCreateApplication(request.Caller, request.World.Settings);
        var body = request.RequiredBody();
        if (body["displayName"] is null) throw GraphErrors.InvalidValue("displayName", "Application");

        var world = request.World;
        var app = DirectoryObjectFactory.NewApplication(request.Tenant, "", world.Now, world.ReplicationDeadline());
        // Graph's default audience for a new application (the portal's is AzureADMyOrg).
        app.SignInAudience = "AzureADandPersonalMicrosoftAccount";
        ApplicationProperties.Apply(world, app, body);
        app.Owners.Add(request.Caller.PrincipalId);
        request.Tenant.Applications.Add(app);
        return request.Entity(ApplicationJson.Build(app), Collection, ApplicationJson.TypeName, status: 201);
    }

    public static GraphResult Get(GraphRequest request, string key)
    {
        GraphPermissions.RequireRead(request.Caller);
        var app = DirectoryLookup.Application(request, key);
        var includeKeys = request.Query.Select.Contains("keyCredentials", StringComparer.OrdinalIgnoreCase);
        return request.Entity(ApplicationJson.Build(app, includeKeys), Collection, ApplicationJson.TypeName);
    }

    public static GraphResult Update(GraphRequest request, string key)
    {
        var app = DirectoryLookup.ApplicationForWrite(request, key);
        GraphPermissions.RequireManage(request.Caller, app.Owners);
        ApplicationProperties.Apply(request.World, app, request.RequiredBody());
        return GraphResult.NoContent;
    }

    /// <summary>Deleting an application also deletes its service principal in the home tenant.</summary>
    public static GraphResult Delete(GraphRequest request, string key)
    {
        var app = DirectoryLookup.Application(request, key);
        GraphPermissions.RequireManage(request.Caller, app.Owners);
        request.Tenant.Applications.Remove(app);
        if (request.Tenant.FindServicePrincipalByAppId(app.AppId) is { } sp) DirectoryLookup.RemoveServicePrincipal(request.Tenant, sp);
        return GraphResult.NoContent;
    }
}
