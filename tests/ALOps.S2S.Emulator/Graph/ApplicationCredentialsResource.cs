using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>Credentials of an application: addPassword, removePassword and federatedIdentityCredentials.</summary>
public static partial class ApplicationCredentialsResource
{
    public const int MaxFederatedCredentials = 20;
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~.-_";

    /// <summary>200 with the new passwordCredential; <c>secretText</c> appears here and nowhere else.</summary>
    public static GraphResult AddPassword(GraphRequest request, string key)
    {
        var app = DirectoryLookup.ApplicationForWrite(request, key);
        GraphPermissions.RequireManage(request.Caller, app.Owners);
        var requested = request.Body?["passwordCredential"] as JsonObject ?? new JsonObject();
        var world = request.World;
        var start = requested["startDateTime"] is { } s && DateTimeOffset.TryParse(s.ToString(), out var startValue) ? startValue : world.Now;
        var end = requested["endDateTime"] is { } e && DateTimeOffset.TryParse(e.ToString(), out var endValue) ? endValue : start.AddYears(2);
        if (end <= start) throw GraphErrors.InvalidValue("endDateTime", "PasswordCredential");

        var secretText = RandomNumberGenerator.GetString(SecretAlphabet, 40);
        var credential = new PasswordCredential(secretText, start, end, world.ReplicationDeadline(), requested["displayName"]?.ToString());
        app.PasswordCredentials.Add(credential);

        var body = DirectoryJson.PasswordCredential(credential);
        body["secretText"] = secretText;
        var answer = new JsonObject { ["@odata.context"] = $"{request.ServiceRoot}/$metadata#microsoft.graph.passwordCredential" };
        foreach (var (name, value) in body) answer[name] = value?.DeepClone();
        return new GraphResult(200, answer);
    }

    public static GraphResult RemovePassword(GraphRequest request, string key)
    {
        var app = DirectoryLookup.ApplicationForWrite(request, key);
        GraphPermissions.RequireManage(request.Caller, app.Owners);
        if (!Guid.TryParse(request.RequiredBody()["keyId"]?.ToString(), out var keyId)) throw GraphErrors.InvalidValue("keyId", "PasswordCredential");
        if (app.PasswordCredentials.RemoveAll(p => p.KeyId == keyId) == 0)
            throw GraphErrors.BadRequest($"No password credential with keyId '{keyId}' was found on the application.");
        return GraphResult.NoContent;
    }

    public static GraphResult ListFederated(GraphRequest request, string key)
    {
        GraphPermissions.RequireRead(request.Caller);
        var app = DirectoryLookup.Application(request, key);
        return request.Collection(app.FederatedIdentityCredentials.Select(f => FederatedJson(request, app, f)),
            $"applications('{app.Id}')/federatedIdentityCredentials", "federatedIdentityCredential");
    }

    public static GraphResult GetFederated(GraphRequest request, string key, string credentialKey)
    {
        GraphPermissions.RequireRead(request.Caller);
        var app = DirectoryLookup.Application(request, key);
        return request.Entity(FederatedJson(request, app, FindFederated(app, credentialKey)),
            $"applications('{app.Id}')/federatedIdentityCredentials", "federatedIdentityCredential");
    }

    /// <summary>
    /// 201. Rules of the resource page: name ≤ 120 URL-friendly characters and unique, issuer and subject ≤ 600 and
    /// unique as a pair, one audience (api://AzureADTokenExchange), at most 20 per application.
    /// </summary>
    public static GraphResult CreateFederated(GraphRequest request, string key)
    {
        var app = DirectoryLookup.ApplicationForWrite(request, key);
        GraphPermissions.RequireManage(request.Caller, app.Owners);
        var body = request.RequiredBody();

        var name = body["name"]?.ToString() ?? "";
        if (name.Length is 0 or > 120 || !UrlFriendlyName().IsMatch(name))
            throw GraphErrors.BadRequest($"Invalid value specified for property 'name' of resource 'FederatedIdentityCredential'. The name must be 1 to 120 characters of letters, digits, '-' and '_'.");
        var issuer = body["issuer"]?.ToString() ?? "";
        var subject = body["subject"]?.ToString() ?? "";
        if (issuer.Length is 0 or > 600) throw GraphErrors.InvalidValue("issuer", "FederatedIdentityCredential");
        if (subject.Length is 0 or > 600) throw GraphErrors.InvalidValue("subject", "FederatedIdentityCredential");
        var audiences = body["audiences"] is JsonArray array ? array.Select(a => a?.ToString() ?? "").ToList() : [];
        if (audiences is not [WellKnown.FederatedTokenAudience]) throw GraphErrors.InvalidValue("audiences", "FederatedIdentityCredential");

        if (app.FederatedIdentityCredentials.Any(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            throw GraphErrors.AlreadyExists($"FederatedIdentityCredential with name {name} already exists.");
        if (app.FederatedIdentityCredentials.Any(f => f.Issuer == issuer && f.Subject == subject))
            throw GraphErrors.BadRequest("FederatedIdentityCredential with the same issuer and subject already exists on the application.");
        if (app.FederatedIdentityCredentials.Count >= MaxFederatedCredentials)
            throw GraphErrors.BadRequest($"The application already has the maximum of {MaxFederatedCredentials} federated identity credentials.");

        var credential = new FederatedIdentityCredential(Guid.NewGuid(), name, issuer, subject, audiences, body["description"]?.ToString());
        app.FederatedIdentityCredentials.Add(credential);
        return request.Entity(FederatedJson(request, app, credential), $"applications('{app.Id}')/federatedIdentityCredentials", "federatedIdentityCredential", status: 201);
    }

    public static GraphResult DeleteFederated(GraphRequest request, string key, string credentialKey)
    {
        var app = DirectoryLookup.ApplicationForWrite(request, key);
        GraphPermissions.RequireManage(request.Caller, app.Owners);
        app.FederatedIdentityCredentials.Remove(FindFederated(app, credentialKey));
        return GraphResult.NoContent;
    }

    private static FederatedIdentityCredential FindFederated(AppRegistration app, string key) =>
        app.FederatedIdentityCredentials.FirstOrDefault(f => f.Id.ToString().Equals(key, StringComparison.OrdinalIgnoreCase) || f.Name.Equals(key, StringComparison.OrdinalIgnoreCase))
        ?? throw GraphErrors.NotFound(key);

    private static JsonObject FederatedJson(GraphRequest request, AppRegistration app, FederatedIdentityCredential credential)
    {
        var host = request.ServiceRoot[..^"/v1.0".Length];
        var json = new JsonObject
        {
            ["@odata.id"] = $"{host}/v2/{request.Tenant.Id}/directoryObjects/$/Microsoft.DirectoryServices.Application('{app.Id}')/federatedIdentityCredentials/{credential.Id}",
        };
        foreach (var (name, value) in DirectoryJson.FederatedIdentityCredential(credential)) json[name] = value?.DeepClone();
        return json;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex UrlFriendlyName();
}
