using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Automation <c>companies({id})/users({userSecurityId})/userPermissions</c> (page 30059 over "Access Control"):
/// list, get, assign a permission set (POST <c>{"roleId", "company"?, "appId"?, "scope"?}</c>) and remove one (DELETE
/// with <c>If-Match</c>). BC's rules: SUPER is never given to an application user, and only a SUPER user gives SUPER.
/// </summary>
public static class UserPermissionsResource
{
    private const string Table = "Access Control";

    public static ODataResult List(EnvironmentApiRequest request, string companyKey, string userKey)
    {
        var (_, user) = Read(request, companyKey, userKey);
        return ODataResult.Ok(request.Collection(Describe(request, user)));
    }

    public static ODataResult Get(EnvironmentApiRequest request, string companyKey, string userKey, string permissionKey)
    {
        var (_, user) = Read(request, companyKey, userKey);
        return ODataResult.Ok(request.Entity(Describe(request, Find(request, user, permissionKey))));
    }

    public static ODataResult Create(EnvironmentApiRequest request, string companyKey, string userKey)
    {
        var environment = request.Environment;
        var company = request.Company(companyKey);
        EnvironmentPermissions.RequireOneOf(environment, request.User, company, Table, "Insert", EnvironmentPermissions.PermissionAssignment(request.User));
        var target = UsersResource.Find(request, userKey);
        var body = request.Body ?? throw ODataErrors.BadRequest("The request body must be a userPermission object.");

        var roleId = Text(body, "roleId");
        if (string.IsNullOrWhiteSpace(roleId)) throw ODataErrors.BadRequest("Role ID must have a value in Access Control.");
        var companyName = Text(body, "company") ?? "";
        if (companyName.Length > 0 && !environment.Companies.Any(c => string.Equals(c.Name, companyName, StringComparison.OrdinalIgnoreCase)))
            throw ODataErrors.RelatedRecordNotFound("Company Name", companyName, "Company");
        var set = ResolvePermissionSet(environment, roleId, Text(body, "appId") ?? Text(body, "appID"), Text(body, "scope"));

        var isSuper = set.RoleId == StandardPermissionSets.Super;
        if (isSuper && target.IsApplication)
            throw ODataErrors.ApplicationRule("The SUPER permission set cannot be assigned to an application user (Microsoft Entra application).");
        if (isSuper && !EnvironmentPermissions.HoldsAny(environment, request.User, company, [StandardPermissionSets.Super]))
            throw ODataErrors.ApplicationRule("Only a user with the SUPER permission set can assign SUPER to other users.");
        if (environment.AccessControlOf(target.UserSecurityId).Any(a =>
                a.RoleId == set.RoleId && a.AppId == set.AppId && a.Scope == set.Scope && string.Equals(a.CompanyName, companyName, StringComparison.OrdinalIgnoreCase)))
            throw ODataErrors.SameKeyExists($"User Security ID='{target.UserSecurityId}',Role ID='{set.RoleId}',Company Name='{companyName}',Scope='{set.Scope}',App ID='{set.AppId}'");

        var entry = new AccessControlEntry
        {
            Id = Guid.NewGuid(),
            UserSecurityId = target.UserSecurityId,
            RoleId = set.RoleId,
            CompanyName = companyName,
            Scope = set.Scope,
            AppId = set.AppId,
            SystemModifiedAt = request.World.Now,
        };
        environment.AccessControl.Add(entry);
        return new ODataResult(201, request.Entity(EnvironmentApiJson.CreatedUserPermission(entry, set)), $"{request.ServiceRoot}/{string.Join('/', request.Resource)}({entry.Id})");
    }

    public static ODataResult Delete(EnvironmentApiRequest request, string companyKey, string userKey, string permissionKey)
    {
        var environment = request.Environment;
        var company = request.Company(companyKey);
        EnvironmentPermissions.RequireOneOf(environment, request.User, company, Table, "Delete", EnvironmentPermissions.PermissionAssignment(request.User));
        var entry = Find(request, UsersResource.Find(request, userKey), permissionKey);
        if (string.IsNullOrEmpty(request.IfMatch)) throw ODataErrors.ConcurrencyTokenRequired();
        if (!ODataEtag.Matches(request.IfMatch, ODataEtag.For(entry.Id.ToString(), entry.SystemModifiedAt))) throw ODataErrors.EntityChanged();
        environment.AccessControl.Remove(entry);
        return ODataResult.NoContent;
    }

    /// <summary>
    /// The "Aggregate Permission Set" row a POST names, as page 30059's OnInsertRecord finds it (BCApps
    /// APIV2AutUserPermissions.Page.al): filtered by Role ID, by App ID when given and by Scope when given; more than one
    /// row → "The permission set %1 is defined multiple times in this context."; none → the related-table error.
    /// </summary>
    private static BcPermissionSet ResolvePermissionSet(BcEnvironment environment, string roleId, string? appId, string? scope)
    {
        var candidates = environment.PermissionSets.Where(p => string.Equals(p.RoleId, roleId, StringComparison.OrdinalIgnoreCase)).ToList();
        if (candidates.Count == 0) throw ODataErrors.RelatedRecordNotFound("Role ID", roleId, "Aggregate Permission Set");
        if (appId is not null)
        {
            candidates = Guid.TryParse(appId, out var wantedApp) ? candidates.Where(p => p.AppId == wantedApp).ToList() : [];
            if (candidates.Count == 0) throw ODataErrors.RelatedRecordNotFound("App ID", appId, "Aggregate Permission Set");
        }
        if (scope is not null)
        {
            candidates = candidates.Where(p => string.Equals(p.Scope, scope, StringComparison.OrdinalIgnoreCase)).ToList();
            if (candidates.Count == 0) throw ODataErrors.RelatedRecordNotFound("Scope", scope, "Aggregate Permission Set");
        }
        return candidates.Count > 1
            ? throw ODataErrors.ApplicationRule($"The permission set {candidates[0].RoleId} is defined multiple times in this context.")
            : candidates[0];
    }

    /// <summary>What reading a user's permissions needs (the list, a single entry, <c>users?$expand=userPermissions</c>).</summary>
    public static void RequireRead(EnvironmentApiRequest request, BcCompany company) =>
        EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, Table, "Read", EnvironmentPermissions.AutomationAccess);

    /// <summary>The entries the userPermissions list of <paramref name="user"/> holds.</summary>
    public static IEnumerable<JsonObject> Describe(EnvironmentApiRequest request, BcUser user) =>
        request.Environment.AccessControlOf(user.UserSecurityId).Select(e => Describe(request, e));

    private static (BcCompany Company, BcUser User) Read(EnvironmentApiRequest request, string companyKey, string userKey)
    {
        var company = request.Company(companyKey);
        RequireRead(request, company);
        return (company, UsersResource.Find(request, userKey));
    }

    private static AccessControlEntry Find(EnvironmentApiRequest request, BcUser user, string permissionKey)
    {
        if (!Guid.TryParse(permissionKey, out var id)) throw ODataErrors.InvalidKey(permissionKey);
        return request.Environment.AccessControlOf(user.UserSecurityId).FirstOrDefault(a => a.Id == id)
               ?? throw ODataErrors.EntityNotFound("Access Control", "ID", permissionKey);
    }

    private static JsonObject Describe(EnvironmentApiRequest request, AccessControlEntry entry) =>
        EnvironmentApiJson.UserPermission(entry, request.Environment.PermissionSets.FirstOrDefault(p => p.RoleId == entry.RoleId && p.AppId == entry.AppId && p.Scope == entry.Scope));

    private static string? Text(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw ODataErrors.BadRequest($"The property '{name}' must be a string."),
    };
}
