using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>The full Graph <c>application</c> resource: defaults, then stored pass-through properties, then modelled ones.</summary>
public static class ApplicationJson
{
    public const string TypeName = "application";

    /// <summary>Property names clients may write with POST/PATCH and the emulator keeps as given.</summary>
    public static readonly string[] PassThroughProperties =
    [
        "addIns", "api", "certification", "defaultRedirectUri", "description", "disabledByMicrosoftStatus", "groupMembershipClaims",
        "info", "isDeviceOnlyAuthSupported", "notes", "optionalClaims", "parentalControlSettings", "publicClient",
        "samlMetadataUrl", "serviceManagementReference", "spa", "tags", "tokenEncryptionKeyId", "uniqueName", "verifiedPublisher", "web",
    ];

    public static JsonObject Build(AppRegistration app, bool includeKeys = false)
    {
        var json = new JsonObject
        {
            ["id"] = app.Id.ToString(),
            ["deletedDateTime"] = null,
            ["isFallbackPublicClient"] = app.IsFallbackPublicClient,
            ["appId"] = app.AppId.ToString(),
            ["applicationTemplateId"] = null,
            ["identifierUris"] = DirectoryJson.Strings(app.IdentifierUris),
            ["createdDateTime"] = DirectoryJson.Date(app.CreatedDateTime),
            ["description"] = null,
            ["disabledByMicrosoftStatus"] = null,
            ["displayName"] = app.DisplayName,
            ["isDeviceOnlyAuthSupported"] = null,
            ["groupMembershipClaims"] = null,
            ["optionalClaims"] = null,
            ["addIns"] = new JsonArray(),
            ["notes"] = null,
            ["publisherDomain"] = app.PublisherDomain,
            ["samlMetadataUrl"] = null,
            ["serviceManagementReference"] = null,
            ["signInAudience"] = app.SignInAudience,
            ["uniqueName"] = null,
            ["verifiedPublisher"] = DirectoryJson.UnverifiedPublisher(),
            ["certification"] = null,
            ["defaultRedirectUri"] = null,
            ["tags"] = new JsonArray(),
            ["tokenEncryptionKeyId"] = null,
            ["api"] = new JsonObject
            {
                ["requestedAccessTokenVersion"] = AcceptsPersonalAccounts(app.SignInAudience) ? 2 : null,
                ["acceptMappedClaims"] = null,
                ["knownClientApplications"] = new JsonArray(),
                ["oauth2PermissionScopes"] = new JsonArray(),
                ["preAuthorizedApplications"] = new JsonArray(),
            },
            ["appRoles"] = new JsonArray(),
            ["info"] = DirectoryJson.Info(),
            ["keyCredentials"] = new JsonArray(),
            ["parentalControlSettings"] = new JsonObject { ["countriesBlockedForMinors"] = new JsonArray(), ["legalAgeGroupRule"] = "Allow" },
            ["passwordCredentials"] = new JsonArray(),
            ["publicClient"] = new JsonObject { ["redirectUris"] = new JsonArray() },
            ["requiredResourceAccess"] = new JsonArray(),
            ["spa"] = new JsonObject { ["redirectUris"] = new JsonArray() },
            ["web"] = new JsonObject
            {
                ["homePageUrl"] = null,
                ["logoutUrl"] = null,
                ["redirectUris"] = new JsonArray(),
                ["implicitGrantSettings"] = new JsonObject { ["enableAccessTokenIssuance"] = false, ["enableIdTokenIssuance"] = false },
                ["redirectUriSettings"] = new JsonArray(),
            },
        };

        foreach (var (name, value) in app.OtherProperties) Merge(json, name, value);

        json["appRoles"] = DirectoryJson.Array(app.AppRoles, DirectoryJson.AppRole);
        ((JsonObject)json["api"]!)["oauth2PermissionScopes"] = DirectoryJson.Array(app.PermissionScopes, DirectoryJson.PermissionScope);
        json["keyCredentials"] = DirectoryJson.Array(app.KeyCredentials, k => DirectoryJson.KeyCredential(k, includeKeys));
        json["passwordCredentials"] = DirectoryJson.Array(app.PasswordCredentials, DirectoryJson.PasswordCredential);
        json["requiredResourceAccess"] = DirectoryJson.Array(app.RequiredResourceAccess, DirectoryJson.RequiredResourceAccess);
        return json;
    }

    public static bool AcceptsPersonalAccounts(string signInAudience) =>
        signInAudience is "AzureADandPersonalMicrosoftAccount" or "PersonalMicrosoftAccount";

    /// <summary>Objects merge property by property (PATCH semantics of complex types); anything else replaces.</summary>
    private static void Merge(JsonObject target, string name, JsonNode? value)
    {
        if (value is JsonObject patch && target[name] is JsonObject existing)
        {
            foreach (var (key, inner) in patch) Merge(existing, key, inner);
            return;
        }
        target[name] = value?.DeepClone();
    }
}
