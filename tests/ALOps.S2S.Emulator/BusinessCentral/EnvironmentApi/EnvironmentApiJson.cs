using System.Globalization;
using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Entities of the standard and automation APIs in their documented shapes (bc.api.*, bc.automation.*; api-contracts.md
/// §5.1, §5.2), each with the <c>@odata.etag</c> BC puts on entities.
/// </summary>
public static class EnvironmentApiJson
{
    private const string NoDate = "0001-01-01T00:00:00Z";

    /// <summary>Standard API v2.0 company (dynamics_company_get.md).</summary>
    public static JsonObject StandardCompany(BcCompany company) => new()
    {
        ["@odata.etag"] = ODataEtag.For(company.Id.ToString(), company.SystemModifiedAt),
        ["id"] = company.Id.ToString(),
        ["systemVersion"] = company.RowVersion.ToString(CultureInfo.InvariantCulture),
        ["timestamp"] = company.RowVersion,
        ["name"] = company.Name,
        ["displayName"] = company.DisplayName,
        ["businessProfileId"] = company.BusinessProfileId,
        ["systemCreatedAt"] = Date(company.SystemCreatedAt),
        ["systemCreatedBy"] = company.SystemCreatedBy.ToString(),
        ["systemModifiedAt"] = Date(company.SystemModifiedAt),
        ["systemModifiedBy"] = company.SystemModifiedBy.ToString(),
    };

    /// <summary>Automation API company (page 30001).</summary>
    public static JsonObject AutomationCompany(BcCompany company) => new()
    {
        ["@odata.etag"] = ODataEtag.For(company.Id.ToString(), company.SystemModifiedAt),
        ["id"] = company.Id.ToString(),
        ["systemVersion"] = company.RowVersion.ToString(CultureInfo.InvariantCulture),
        ["name"] = company.Name,
        ["evaluationCompany"] = company.EvaluationCompany,
        ["displayName"] = company.DisplayName,
        ["businessProfileId"] = company.BusinessProfileId,
    };

    public static JsonObject User(BcUser user) => new()
    {
        ["@odata.etag"] = ODataEtag.For(user.UserSecurityId + "/" + user.State, default),
        ["userSecurityId"] = user.UserSecurityId.ToString(),
        ["userName"] = user.UserName,
        ["displayName"] = user.DisplayName,
        ["state"] = user.State,
        ["expiryDate"] = user.ExpiryDate is { } expiry ? Date(expiry) : NoDate,
        ["contactEmail"] = user.ContactEmail,
    };

    /// <summary>Keys of the resource page (page 30059): <c>appId</c>; see <see cref="CreatedUserPermission"/> for <c>appID</c>.</summary>
    public static JsonObject UserPermission(AccessControlEntry entry, BcPermissionSet? set) => new()
    {
        ["@odata.etag"] = ODataEtag.For(entry.Id.ToString(), entry.SystemModifiedAt),
        ["id"] = entry.Id.ToString(),
        ["userSecurityId"] = entry.UserSecurityId.ToString(),
        ["roleId"] = entry.RoleId,
        ["displayName"] = set?.DisplayName ?? "",
        ["company"] = entry.CompanyName,
        ["appId"] = entry.AppId.ToString(),
        ["extensionName"] = set?.ExtensionName ?? "",
        ["scope"] = entry.Scope,
    };

    /// <summary>
    /// The documented create answer spells <c>appID</c> while GET and the resource page spell <c>appId</c>; the answer to
    /// a POST carries both, so a client reading either spelling works.
    /// </summary>
    public static JsonObject CreatedUserPermission(AccessControlEntry entry, BcPermissionSet? set)
    {
        var json = UserPermission(entry, set);
        json["appID"] = entry.AppId.ToString();
        return json;
    }

    /// <summary>The documented example spells <c>appID</c>; <c>appId</c> (the usual BC spelling) is carried too.</summary>
    public static JsonObject PermissionSet(BcPermissionSet set) => new()
    {
        ["@odata.etag"] = ODataEtag.For(set.RoleId, default),
        ["id"] = set.RoleId,
        ["displayName"] = set.DisplayName,
        ["scope"] = set.Scope,
        ["appId"] = set.AppId.ToString(),
        ["appID"] = set.AppId.ToString(),
        ["extensionName"] = set.ExtensionName,
    };

    /// <summary>Extension (dynamics_extension_get.md): <c>scope</c> is a number as in the documented example.</summary>
    public static JsonObject Extension(BcExtension extension) => new()
    {
        ["@odata.etag"] = ODataEtag.For(extension.PackageId.ToString(), default),
        ["packageId"] = extension.PackageId.ToString(),
        ["id"] = extension.AppId.ToString(),
        ["displayName"] = extension.DisplayName,
        ["publisher"] = extension.Publisher,
        ["versionMajor"] = extension.Version.Major,
        ["versionMinor"] = extension.Version.Minor,
        ["versionBuild"] = Math.Max(0, extension.Version.Build),
        ["versionRevision"] = Math.Max(0, extension.Version.Revision),
        ["scope"] = extension.Scope,
        ["isInstalled"] = extension.IsInstalled,
        ["publishedAs"] = extension.PublishedAs,
    };

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
