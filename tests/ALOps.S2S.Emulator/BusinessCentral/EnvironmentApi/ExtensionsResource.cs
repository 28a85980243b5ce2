namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Automation <c>companies({id})/extensions</c>: needs EXTEN. MGT. - ADMIN (or SUPER), the permission set whose absence
/// is behind ALOps issue 763.
/// </summary>
public static class ExtensionsResource
{
    public static ODataResult List(EnvironmentApiRequest request, string companyKey)
    {
        var company = request.Company(companyKey);
        EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, "Published Application", "Read", EnvironmentPermissions.ExtensionManagement);
        return ODataResult.Ok(request.Collection(request.Environment.Extensions.Select(EnvironmentApiJson.Extension)));
    }

    public static ODataResult Get(EnvironmentApiRequest request, string companyKey, string packageKey)
    {
        var company = request.Company(companyKey);
        EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, "Published Application", "Read", EnvironmentPermissions.ExtensionManagement);
        if (!Guid.TryParse(packageKey, out var packageId)) throw ODataErrors.InvalidKey(packageKey);
        var extension = request.Environment.Extensions.FirstOrDefault(e => e.PackageId == packageId)
                        ?? throw ODataErrors.EntityNotFound("Published Application", "Package ID", packageKey);
        return ODataResult.Ok(request.Entity(EnvironmentApiJson.Extension(extension)));
    }
}
