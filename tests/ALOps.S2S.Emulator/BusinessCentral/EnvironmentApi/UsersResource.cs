namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Automation <c>companies({id})/users</c> (page 30004, read-only): people and application users alike, which is how
/// a tool finds the application user an Entra Applications row created (api-contracts.md §5.4, an assumption).
/// </summary>
public static class UsersResource
{
    public static ODataResult List(EnvironmentApiRequest request, string companyKey)
    {
        var company = request.Company(companyKey);
        EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, "User", "Read", EnvironmentPermissions.AutomationAccess);
        return ODataResult.Ok(request.Collection(request.Environment.Users.Select(EnvironmentApiJson.User)));
    }

    public static ODataResult Get(EnvironmentApiRequest request, string companyKey, string userKey)
    {
        var company = request.Company(companyKey);
        EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, "User", "Read", EnvironmentPermissions.AutomationAccess);
        return ODataResult.Ok(request.Entity(EnvironmentApiJson.User(Find(request, userKey))));
    }

    /// <summary>The user a <c>users({userSecurityId})</c> segment names.</summary>
    public static BcUser Find(EnvironmentApiRequest request, string userKey)
    {
        if (!Guid.TryParse(userKey, out var id)) throw ODataErrors.InvalidKey(userKey);
        return request.Environment.FindUser(id) ?? throw ODataErrors.EntityNotFound("User", "User Security ID", userKey);
    }
}
