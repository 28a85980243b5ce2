using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>The full Graph <c>servicePrincipal</c> resource.</summary>
public static class ServicePrincipalJson
{
    public const string TypeName = "servicePrincipal";

    /// <param name="application">The backing application (for the publisher and homepage); null for managed identities.</param>
    public static JsonObject Build(ServicePrincipal sp, AppRegistration? application)
    {
        var json = new JsonObject
        {
            ["id"] = sp.Id.ToString(),
            ["deletedDateTime"] = null,
            ["accountEnabled"] = sp.AccountEnabled,
            ["alternativeNames"] = new JsonArray(),
            ["appDisplayName"] = application?.DisplayName ?? sp.DisplayName,
            ["appDescription"] = null,
            ["appId"] = sp.AppId.ToString(),
            ["applicationTemplateId"] = null,
            ["appOwnerOrganizationId"] = sp.AppOwnerOrganizationId.ToString(),
            ["appRoleAssignmentRequired"] = sp.AppRoleAssignmentRequired,
            ["createdDateTime"] = DirectoryJson.Date(sp.CreatedDateTime),
            ["description"] = null,
            ["disabledByMicrosoftStatus"] = null,
            ["displayName"] = sp.DisplayName,
            ["homepage"] = null,
            ["loginUrl"] = null,
            ["logoutUrl"] = null,
            ["notes"] = null,
            ["notificationEmailAddresses"] = new JsonArray(),
            ["preferredSingleSignOnMode"] = null,
            ["preferredTokenSigningKeyThumbprint"] = null,
            ["replyUrls"] = new JsonArray(),
            ["servicePrincipalNames"] = DirectoryJson.Strings(sp.ServicePrincipalNames),
            ["servicePrincipalType"] = sp.ServicePrincipalType,
            ["signInAudience"] = sp.SignInAudience,
            ["tags"] = DirectoryJson.Strings(sp.Tags),
            ["tokenEncryptionKeyId"] = null,
            ["publisherName"] = sp.PublisherName,
            ["verifiedPublisher"] = application?.OtherProperties["verifiedPublisher"]?.DeepClone() ?? DirectoryJson.UnverifiedPublisher(),
            ["addIns"] = new JsonArray(),
            ["appRoles"] = DirectoryJson.Array(sp.AppRoles, DirectoryJson.AppRole),
            ["endpoints"] = new JsonArray(),
            ["info"] = application?.OtherProperties["info"]?.DeepClone() ?? DirectoryJson.Info(),
            ["keyCredentials"] = new JsonArray(),
            ["oauth2PermissionScopes"] = DirectoryJson.Array(sp.PermissionScopes, DirectoryJson.PermissionScope),
            ["passwordCredentials"] = new JsonArray(),
            ["resourceSpecificApplicationPermissions"] = new JsonArray(),
        };
        foreach (var (name, value) in sp.OtherProperties) json[name] = value?.DeepClone();
        return json;
    }
}
