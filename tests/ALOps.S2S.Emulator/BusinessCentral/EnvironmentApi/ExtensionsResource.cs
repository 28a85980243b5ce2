namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Automation <c>companies({id})/extensions</c> (page 30002 "APIV2 - Aut. Extensions" over "Published Application"):
/// listing is a read that D365 AUTOMATION grants; the bound actions <c>Microsoft.NAV.install</c> and
/// <c>Microsoft.NAV.uninstall</c> need EXTEN. MGT. - ADMIN (or SUPER), the set behind ALOps issue 763.
/// </summary>
public static class ExtensionsResource
{
    private const string Table = "Published Application";

    public static ODataResult List(EnvironmentApiRequest request, string companyKey)
    {
        var company = request.Company(companyKey);
        EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, Table, "Read", EnvironmentPermissions.ExtensionRead);
        return ODataResult.Ok(request.Collection(request.Environment.Extensions.Select(EnvironmentApiJson.Extension)));
    }

    public static ODataResult Get(EnvironmentApiRequest request, string companyKey, string packageKey)
    {
        var company = request.Company(companyKey);
        EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, Table, "Read", EnvironmentPermissions.ExtensionRead);
        return ODataResult.Ok(request.Entity(EnvironmentApiJson.Extension(Find(request, packageKey))));
    }

    /// <summary>
    /// <c>install</c> / <c>uninstall</c>: as page 30002 does, the installed state is checked first ("already installed" /
    /// "not installed"), then Extension Management's own permission check.
    /// </summary>
    public static ODataResult Act(EnvironmentApiRequest request, string companyKey, string packageKey, string action)
    {
        var company = request.Company(companyKey);
        EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, Table, "Read", EnvironmentPermissions.ExtensionRead);
        var extension = Find(request, packageKey);
        var install = action == "Microsoft.NAV.install";
        if (install && extension.IsInstalled) throw ODataErrors.ApplicationRule($"The extension {extension.DisplayName} is already installed.");
        if (!install && !extension.IsInstalled) throw ODataErrors.ApplicationRule($"The extension {extension.DisplayName} is not installed.");
        EnvironmentPermissions.RequireOneOf(request.Environment, request.User, company, "NAV App Installed App", install ? "Insert" : "Delete",
            EnvironmentPermissions.ExtensionManagement);
        var extensions = request.Environment.Extensions;
        extensions[extensions.IndexOf(extension)] = extension with { IsInstalled = install };
        return ODataResult.NoContent;
    }

    private static BcExtension Find(EnvironmentApiRequest request, string packageKey)
    {
        if (!Guid.TryParse(packageKey, out var packageId)) throw ODataErrors.InvalidKey(packageKey);
        return request.Environment.Extensions.FirstOrDefault(e => e.PackageId == packageId)
               ?? throw ODataErrors.EntityNotFound(Table, "Package ID", packageKey);
    }
}
