using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>Graph JSON of the shared building blocks: app roles, scopes, credentials, assignments.</summary>
public static class DirectoryJson
{
    public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ");

    public static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonNode?> map) => new(items.Select(map).ToArray());

    public static JsonArray Strings(IEnumerable<string> items) => new(items.Select(s => (JsonNode)s).ToArray());

    public static JsonObject AppRole(AppRole role) => new()
    {
        ["allowedMemberTypes"] = Strings(role.AllowedMemberTypes),
        ["description"] = role.Description,
        ["displayName"] = role.DisplayName,
        ["id"] = role.Id.ToString(),
        ["isEnabled"] = role.IsEnabled,
        ["origin"] = "Application",
        ["value"] = role.Value,
    };

    public static JsonObject PermissionScope(PermissionScope scope) => new()
    {
        ["adminConsentDescription"] = $"Allows the app to {Lower(scope.AdminConsentDisplayName)} on behalf of the signed-in user.",
        ["adminConsentDisplayName"] = scope.AdminConsentDisplayName,
        ["id"] = scope.Id.ToString(),
        ["isEnabled"] = scope.IsEnabled,
        ["type"] = scope.Type,
        ["userConsentDescription"] = $"Allows the app to {Lower(scope.AdminConsentDisplayName)} on your behalf.",
        ["userConsentDisplayName"] = scope.AdminConsentDisplayName,
        ["value"] = scope.Value,
    };

    public static JsonObject RequiredResourceAccess(RequiredResourceAccess access) => new()
    {
        ["resourceAppId"] = access.ResourceAppId.ToString(),
        ["resourceAccess"] = Array(access.ResourceAccess, a => new JsonObject { ["id"] = a.Id.ToString(), ["type"] = a.Type }),
    };

    /// <summary>A secret as Graph lists it: never the secret text.</summary>
    public static JsonObject PasswordCredential(PasswordCredential credential) => new()
    {
        ["customKeyIdentifier"] = null,
        ["displayName"] = credential.DisplayName,
        ["endDateTime"] = Date(credential.EndDateTime),
        ["hint"] = credential.Hint,
        ["keyId"] = credential.KeyId.ToString(),
        ["secretText"] = null,
        ["startDateTime"] = Date(credential.StartDateTime),
    };

    /// <summary><c>key</c> only when asked for with <c>$select=keyCredentials</c> on a single object.</summary>
    public static JsonObject KeyCredential(KeyCredential credential, bool includeKey) => new()
    {
        ["customKeyIdentifier"] = Convert.ToHexString(credential.Sha1Thumbprint),
        ["displayName"] = credential.DisplayName,
        ["endDateTime"] = Date(credential.EndDateTime),
        ["key"] = includeKey ? Convert.ToBase64String(credential.Key) : null,
        ["keyId"] = credential.KeyId.ToString(),
        ["startDateTime"] = Date(credential.StartDateTime),
        ["type"] = credential.Type,
        ["usage"] = credential.Usage,
    };

    public static JsonObject FederatedIdentityCredential(FederatedIdentityCredential credential) => new()
    {
        ["id"] = credential.Id.ToString(),
        ["name"] = credential.Name,
        ["issuer"] = credential.Issuer,
        ["subject"] = credential.Subject,
        ["description"] = credential.Description,
        ["audiences"] = Strings(credential.Audiences),
    };

    public static JsonObject AppRoleAssignment(AppRoleAssignment assignment) => new()
    {
        ["id"] = assignment.Id,
        ["deletedDateTime"] = null,
        ["appRoleId"] = assignment.AppRoleId.ToString(),
        ["createdDateTime"] = Date(assignment.CreatedDateTime),
        ["principalDisplayName"] = assignment.PrincipalDisplayName,
        ["principalId"] = assignment.PrincipalId.ToString(),
        ["principalType"] = assignment.PrincipalType,
        ["resourceDisplayName"] = assignment.ResourceDisplayName,
        ["resourceId"] = assignment.ResourceId.ToString(),
    };

    public static JsonObject Info() => new()
    {
        ["termsOfServiceUrl"] = null,
        ["supportUrl"] = null,
        ["privacyStatementUrl"] = null,
        ["marketingUrl"] = null,
        ["logoUrl"] = null,
    };

    public static JsonObject UnverifiedPublisher() => new()
    {
        ["displayName"] = null,
        ["verifiedPublisherId"] = null,
        ["addedDateTime"] = null,
    };

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];
}
