using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Automation <c>companies({id})/users</c> (page 30004, read-only): people and application users alike, which is how
/// a tool finds the application user an Entra Applications row created (api-contracts.md §5.4, an assumption).
/// </summary>
public static class UsersResource
{
    public static ODataResult List(EnvironmentApiRequest request, string companyKey)
    {
        RequireRead(request, companyKey);
        return ODataResult.Ok(request.Collection(request.Environment.Users.Select(u => Describe(request, u))));
    }

    public static ODataResult Get(EnvironmentApiRequest request, string companyKey, string userKey)
    {
        RequireRead(request, companyKey);
        return ODataResult.Ok(request.Entity(Describe(request, Find(request, userKey))));
    }

    /// <summary>Reading users; with <c>$expand=userPermissions</c> also reading what the userPermissions list needs.</summary>
    private static void RequireRead(EnvironmentApiRequest request, string companyKey)
    {
        var company = request.Company(companyKey);
        EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, "User", "Read", EnvironmentPermissions.AutomationAccess);
        if (request.Expand.Contains(EnvironmentQueryOptions.UserPermissions)) UserPermissionsResource.RequireRead(request, company);
    }

    /// <summary>A user; expanded, with <c>userPermissions</c> holding what <c>users({id})/userPermissions</c> lists.</summary>
    private static JsonObject Describe(EnvironmentApiRequest request, BcUser user)
    {
        var json = EnvironmentApiJson.User(user);
        if (request.Expand.Contains(EnvironmentQueryOptions.UserPermissions))
            json[EnvironmentQueryOptions.UserPermissions] = new JsonArray(UserPermissionsResource.Describe(request, user).Select(p => (JsonNode)p).ToArray());
        return json;
    }

    /// <summary>The user a <c>users({userSecurityId})</c> segment names.</summary>
    public static BcUser Find(EnvironmentApiRequest request, string userKey)
    {
        if (!Guid.TryParse(userKey, out var id)) throw ODataErrors.InvalidKey(userKey);
        return request.Environment.FindUser(id) ?? throw ODataErrors.EntityNotFound("User", "User Security ID", userKey);
    }
}
