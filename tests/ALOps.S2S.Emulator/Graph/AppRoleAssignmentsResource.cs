using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// App role assignments (admin consent for application permissions): <c>appRoleAssignedTo</c> of the resource
/// service principal and <c>appRoleAssignments</c> of the client. Tokens issued afterwards carry the roles.
/// </summary>
public static class AppRoleAssignmentsResource
{
    private const string TypeName = "appRoleAssignment";

    public static GraphResult ListAssignedTo(GraphRequest request, string resourceKey)
    {
        GraphPermissions.RequireRead(request.Caller);
        var resource = DirectoryLookup.ServicePrincipal(request, resourceKey);
        return request.Collection(request.Tenant.AppRoleAssignments.Where(a => a.ResourceId == resource.Id).Select(DirectoryJson.AppRoleAssignment),
            $"servicePrincipals('{resource.Id}')/appRoleAssignedTo", TypeName);
    }

    public static GraphResult ListAssignments(GraphRequest request, string principalKey)
    {
        GraphPermissions.RequireRead(request.Caller);
        var principal = DirectoryLookup.ServicePrincipal(request, principalKey);
        return request.Collection(request.Tenant.AppRoleAssignments.Where(a => a.PrincipalId == principal.Id).Select(DirectoryJson.AppRoleAssignment),
            $"servicePrincipals('{principal.Id}')/appRoleAssignments", TypeName);
    }

    public static GraphResult GetAssignedTo(GraphRequest request, string resourceKey, string id)
    {
        GraphPermissions.RequireRead(request.Caller);
        var resource = DirectoryLookup.ServicePrincipal(request, resourceKey);
        var assignment = request.Tenant.AppRoleAssignments.FirstOrDefault(a => a.Id == id && a.ResourceId == resource.Id) ?? throw GraphErrors.NotFound(id);
        return request.Entity(DirectoryJson.AppRoleAssignment(assignment), $"servicePrincipals('{resource.Id}')/appRoleAssignedTo", TypeName);
    }

    /// <summary>POST …/servicePrincipals/{resource}/appRoleAssignedTo: the URL names the resource.</summary>
    public static GraphResult CreateAssignedTo(GraphRequest request, string resourceKey)
    {
        GraphPermissions.RequireGrant(request.Caller);
        var resource = DirectoryLookup.ServicePrincipal(request, resourceKey);
        var (principalId, resourceId, appRoleId) = ReadBody(request);
        if (resourceId != resource.Id) throw GraphErrors.InvalidValue("resourceId", "AppRoleAssignment");
        var assignment = Assign(request, principalId, resource, appRoleId);
        return request.Entity(DirectoryJson.AppRoleAssignment(assignment), $"servicePrincipals('{resource.Id}')/appRoleAssignedTo", TypeName, status: 201);
    }

    /// <summary>POST …/servicePrincipals/{client}/appRoleAssignments: the URL names the principal.</summary>
    public static GraphResult CreateAssignment(GraphRequest request, string principalKey)
    {
        GraphPermissions.RequireGrant(request.Caller);
        var principal = DirectoryLookup.ServicePrincipal(request, principalKey);
        var (principalId, resourceId, appRoleId) = ReadBody(request);
        if (principalId != principal.Id) throw GraphErrors.InvalidValue("principalId", "AppRoleAssignment");
        var resource = DirectoryLookup.ServicePrincipalById(request, resourceId) ?? throw GraphErrors.NotFound(resourceId.ToString());
        var assignment = Assign(request, principalId, resource, appRoleId);
        return request.Entity(DirectoryJson.AppRoleAssignment(assignment), "appRoleAssignments", TypeName, status: 201);
    }

    public static GraphResult DeleteAssignedTo(GraphRequest request, string resourceKey, string id)
    {
        GraphPermissions.RequireGrant(request.Caller);
        var resource = DirectoryLookup.ServicePrincipal(request, resourceKey);
        return Remove(request, a => a.Id == id && a.ResourceId == resource.Id, id);
    }

    public static GraphResult DeleteAssignment(GraphRequest request, string principalKey, string id)
    {
        GraphPermissions.RequireGrant(request.Caller);
        var principal = DirectoryLookup.ServicePrincipal(request, principalKey);
        return Remove(request, a => a.Id == id && a.PrincipalId == principal.Id, id);
    }

    private static GraphResult Remove(GraphRequest request, Predicate<AppRoleAssignment> match, string id)
    {
        if (request.Tenant.AppRoleAssignments.RemoveAll(match) == 0) throw GraphErrors.NotFound(id);
        return GraphResult.NoContent;
    }

    private static (Guid PrincipalId, Guid ResourceId, Guid AppRoleId) ReadBody(GraphRequest request)
    {
        var body = request.RequiredBody();
        Guid Read(string name) => Guid.TryParse(body[name]?.ToString(), out var id) ? id : throw GraphErrors.InvalidValue(name, "AppRoleAssignment");
        return (Read("principalId"), Read("resourceId"), Read("appRoleId"));
    }

    /// <summary>Checks the principal and the role, refuses a duplicate (400, as Graph answers in practice), records it.</summary>
    private static AppRoleAssignment Assign(GraphRequest request, Guid principalId, ServicePrincipal resource, Guid appRoleId)
    {
        var tenant = request.Tenant;
        // A service principal created moments ago (setting newPrincipalDelaySeconds) or not replicated yet is refused as
        // principalId with a 400 naming the property, as Graph answers right after creating one (field reports;
        // UNCONFIRMED in Graph's documentation).
        var (principalType, principalName) = DirectoryLookup.ServicePrincipalById(request, principalId) is { } sp
            ? request.World.Now >= sp.AssignableAt ? ("ServicePrincipal", sp.DisplayName) : throw GraphErrors.InvalidValue("principalId", "AppRoleAssignment")
            : tenant.FindActingUser(principalId) is { } user
                ? ("User", user.DisplayName)
                : tenant.ServicePrincipals.Any(p => p.Id == principalId)
                    ? throw GraphErrors.InvalidValue("principalId", "AppRoleAssignment")
                    : throw GraphErrors.NotFound(principalId.ToString());

        if (appRoleId != Guid.Empty && !resource.AppRoles.Any(r => r.Id == appRoleId && r.IsEnabled))
            throw GraphErrors.BadRequest($"Permission being assigned was not found on application '{resource.AppId}'.");
        if (tenant.AppRoleAssignments.Any(a => a.PrincipalId == principalId && a.ResourceId == resource.Id && a.AppRoleId == appRoleId))
            throw GraphErrors.DuplicateAppRoleAssignment();

        var assignment = DirectoryObjectFactory.NewAppRoleAssignment(principalId, principalType, principalName, resource, appRoleId, request.World.Now);
        tenant.AppRoleAssignments.Add(assignment);
        return assignment;
    }
}
