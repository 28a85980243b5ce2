using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// Applies a POST/PATCH body to an application. Collections (keyCredentials, requiredResourceAccess, identifierUris,
/// appRoles) are replaced as a whole; <c>passwordCredentials</c> cannot be set (addPassword/removePassword do that).
/// </summary>
public static class ApplicationProperties
{
    private const string Resource = "Application";
    private static readonly string[] SignInAudiences = ["AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"];
    private static readonly string[] ReadOnly = ["id", "appId", "createdDateTime", "deletedDateTime", "publisherDomain", "applicationTemplateId"];

    public static void Apply(WorldState world, AppRegistration app, JsonObject body)
    {
        foreach (var (name, value) in body)
        {
            switch (name)
            {
                case "@odata.type":
                    break;
                case "displayName":
                    app.DisplayName = NonEmptyString(value, name);
                    break;
                case "signInAudience":
                    var audience = NonEmptyString(value, name);
                    app.SignInAudience = SignInAudiences.FirstOrDefault(a => a.Equals(audience, StringComparison.OrdinalIgnoreCase))
                                         ?? throw GraphErrors.InvalidValue(name, Resource);
                    break;
                case "identifierUris":
                    app.IdentifierUris = Strings(value, name);
                    break;
                case "isFallbackPublicClient":
                    app.IsFallbackPublicClient = value is null ? null : Boolean(value, name);
                    break;
                case "requiredResourceAccess":
                    app.RequiredResourceAccess = Items(value, name).Select(ToRequiredResourceAccess).ToList();
                    break;
                case "keyCredentials":
                    app.KeyCredentials = Items(value, name).Select(k => ToKeyCredential(world, app, k)).ToList();
                    break;
                case "appRoles":
                    app.AppRoles = Items(value, name).Select(ToAppRole).ToList();
                    break;
                case "api":
                    ApplyApi(app, value as JsonObject ?? throw GraphErrors.InvalidValue(name, Resource));
                    break;
                case "passwordCredentials":
                    throw GraphErrors.BadRequest("Property 'passwordCredentials' cannot be set with this request; use addPassword and removePassword.");
                case var _ when ReadOnly.Contains(name):
                    throw GraphErrors.ReadOnlyProperty(name);
                case var _ when ApplicationJson.PassThroughProperties.Contains(name):
                    app.OtherProperties[name] = value?.DeepClone();
                    break;
                default:
                    throw GraphErrors.UnknownProperty(name, ApplicationJson.TypeName);
            }
        }
    }

    private static void ApplyApi(AppRegistration app, JsonObject api)
    {
        var stored = (JsonObject)api.DeepClone();
        if (stored["oauth2PermissionScopes"] is { } scopes)
        {
            app.PermissionScopes = Items(scopes, "api.oauth2PermissionScopes").Select(s => new PermissionScope(
                Guid(s["id"], "id"), NonEmptyString(s["value"], "value"),
                s["adminConsentDisplayName"]?.ToString() ?? s["value"]!.ToString(),
                s["type"]?.ToString() ?? "User",
                s["isEnabled"] is { } enabled ? Boolean(enabled, "isEnabled") : true)).ToList();
            stored.Remove("oauth2PermissionScopes");
        }
        app.OtherProperties["api"] = stored;
    }

    private static RequiredResourceAccess ToRequiredResourceAccess(JsonObject entry) => new(
        Guid(entry["resourceAppId"], "resourceAppId"),
        Items(entry["resourceAccess"], "resourceAccess").Select(a =>
        {
            var type = NonEmptyString(a["type"], "type");
            if (type is not ("Role" or "Scope")) throw GraphErrors.InvalidValue("type", "ResourceAccess");
            return new ResourceAccess(Guid(a["id"], "id"), type);
        }).ToList());

    private static AppRole ToAppRole(JsonObject role) => new(
        Guid(role["id"], "id"),
        NonEmptyString(role["value"], "value"),
        role["displayName"]?.ToString() ?? role["value"]!.ToString(),
        role["description"]?.ToString() ?? "",
        role["allowedMemberTypes"] is { } types ? Strings(types, "allowedMemberTypes") : ["Application"],
        role["isEnabled"] is not { } enabled || Boolean(enabled, "isEnabled"));

    /// <summary>A certificate entry. One sent back without <c>key</c> keeps the stored key with that <c>keyId</c>.</summary>
    private static KeyCredential ToKeyCredential(WorldState world, AppRegistration app, JsonObject entry)
    {
        var keyId = entry["keyId"] is { } id ? Guid(id, "keyId") : (Guid?)null;
        var existing = keyId is { } wanted ? app.KeyCredentials.FirstOrDefault(k => k.KeyId == wanted) : null;
        var type = entry["type"]?.ToString() ?? existing?.Type ?? throw GraphErrors.InvalidValue("type", "KeyCredential");
        var usage = entry["usage"]?.ToString() ?? existing?.Usage ?? throw GraphErrors.InvalidValue("usage", "KeyCredential");
        if (type != "AsymmetricX509Cert" || usage is not ("Verify" or "Sign")) throw GraphErrors.InvalidValue("type", "KeyCredential");

        if (entry["key"] is null)
        {
            return existing ?? throw GraphErrors.InvalidValue("key", "KeyCredential");
        }

        byte[] der;
        X509Certificate2 certificate;
        try
        {
            der = Convert.FromBase64String(entry["key"]!.ToString());
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw GraphErrors.InvalidValue("key", "KeyCredential");
        }
        using (certificate)
        {
            var start = entry["startDateTime"] is { } s ? Date(s, "startDateTime") : new DateTimeOffset(certificate.NotBefore);
            var end = entry["endDateTime"] is { } e ? Date(e, "endDateTime") : new DateTimeOffset(certificate.NotAfter);
            if (end > new DateTimeOffset(certificate.NotAfter).AddSeconds(1) || end <= start)
                throw GraphErrors.BadRequest("Key credential end date is invalid.");
            var sameCertificate = app.KeyCredentials.FirstOrDefault(k => k.Key.AsSpan().SequenceEqual(der));
            var replicatedAt = sameCertificate?.ReplicatedAt ?? world.ReplicationDeadline();
            return new KeyCredential(der, start, end, replicatedAt, entry["displayName"]?.ToString())
            {
                KeyId = keyId ?? sameCertificate?.KeyId ?? System.Guid.NewGuid(),
                Type = type,
                Usage = usage,
            };
        }
    }

    private static IEnumerable<JsonObject> Items(JsonNode? value, string name) =>
        value is JsonArray array && array.All(i => i is JsonObject)
            ? array.Cast<JsonObject>()
            : throw GraphErrors.InvalidValue(name, Resource);

    private static List<string> Strings(JsonNode? value, string name) =>
        value is JsonArray array && array.All(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            ? array.Select(i => i!.ToString()).ToList()
            : throw GraphErrors.InvalidValue(name, Resource);

    private static string NonEmptyString(JsonNode? value, string name) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : throw GraphErrors.InvalidValue(name, Resource);

    private static bool Boolean(JsonNode value, string name) =>
        value is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw GraphErrors.InvalidValue(name, Resource);

    private static Guid Guid(JsonNode? value, string name) =>
        System.Guid.TryParse(value?.ToString(), out var id) ? id : throw GraphErrors.InvalidValue(name, Resource);

    private static DateTimeOffset Date(JsonNode value, string name) =>
        DateTimeOffset.TryParse(value.ToString(), out var date) ? date : throw GraphErrors.InvalidValue(name, Resource);
}
