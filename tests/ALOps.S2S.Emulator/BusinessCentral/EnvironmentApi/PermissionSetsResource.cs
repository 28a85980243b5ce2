namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>Automation <c>companies({id})/permissionSets</c>: the permission sets the environment offers.</summary>
public static class PermissionSetsResource
{
    public static ODataResult List(EnvironmentApiRequest request, string companyKey)
    {
        var company = request.Company(companyKey);
        EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, "Aggregate Permission Set", "Read", EnvironmentPermissions.AutomationAccess);
        return ODataResult.Ok(request.Collection(request.Environment.PermissionSets.Select(EnvironmentApiJson.PermissionSet)));
    }
}
