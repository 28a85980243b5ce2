using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.BusinessCentral;

/// <summary>Calls the emulator's Business Central host (Admin Center and environment APIs) and its BC control calls.</summary>
public sealed class BusinessCentralClient(EmulatorHost host, EmulatorClient emulator)
{
    public const string ApiRole = "API.ReadWrite.All";
    public const string AutomationRole = "Automation.ReadWrite.All";
    public const string AdminCenterRole = "AdminCenter.ReadWrite.All";
    public const string Automation = "microsoft/automation/v2.0";
    public const string AdminCenterVersion = "v2.29";

    public const string D365Automation = "D365 AUTOMATION";
    public const string ExtensionManagement = "EXTEN. MGT. - ADMIN";

    /// <summary>A new contoso app with a secret and the given BC app roles (admin consent granted).</summary>
    public async Task<TestApp> CreateAppAsync(params string[] bcRoles)
    {
        var name = "BC client " + Guid.NewGuid().ToString("N")[..8];
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        var app = await emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = name,
            passwordCredentials = new[] { new { secretText = secret } },
            bcRoles,
        });
        return new TestApp(app.AppId, name, secret);
    }

    public async Task<string> AppTokenAsync(TestApp app) =>
        (await emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, app.Secret)).AccessToken;

    /// <summary>A delegated BC token of a seeded user (device code through the well-known public client).</summary>
    public async Task<string> UserTokenAsync(string userPrincipalName)
    {
        await emulator.PatchSettingsAsync(new { deviceCodeUser = userPrincipalName });
        return (await DeviceCodeFlow.SignInAsync(emulator, "organizations", EmulatorClient.BusinessCentralDefault + " offline_access")).AccessToken;
    }

    /// <summary>The admin's step on page 9860, through the control API.</summary>
    public async Task<JsonObject> RegisterAsync(string environment, TestApp app, string[] permissionSets, string state = "Enabled", string? description = null) =>
        (JsonObject)(await ControlAsync(HttpMethod.Post, $"environments/{environment}/entra-apps",
            new { clientId = app.AppId, description = description ?? app.DisplayName, state, permissionSets })).Json!;

    /// <summary>A control call under <c>/control/tenants/contoso.onmicrosoft.com/</c>.</summary>
    public Task<BcResponse> ControlAsync(HttpMethod method, string path, object? body = null) =>
        SendAsync(method, $"{host.ControlEndpoint}/control/tenants/{EmulatorClient.Contoso}/{path}", null, body);

    public Task<BcResponse> AdminAsync(HttpMethod method, string? token, string path, string version = AdminCenterVersion) =>
        SendAsync(method, $"{host.BusinessCentralEndpoint}/admin/{version}/{path}", token, null);

    /// <summary>An environment API call on the tenant form of the URL: <c>/v2.0/{tenant}/{environment}/api/{path}</c>.</summary>
    public Task<BcResponse> ApiAsync(HttpMethod method, string? token, string environment, string path, object? body = null,
        string? ifMatch = null, string tenant = EmulatorClient.Contoso) =>
        SendAsync(method, $"{host.BusinessCentralEndpoint}/v2.0/{tenant}/{environment}/api/{path}", token, body, ifMatch);

    public Task<BcResponse> GetAsync(string? token, string environment, string path) => ApiAsync(HttpMethod.Get, token, environment, path);

    /// <summary>An OData JSON batch on the service root <c>api/{api}</c> (e.g. "v2.0", <see cref="Automation"/>): <c>POST …/$batch</c>.</summary>
    public Task<BcResponse> BatchAsync(string? token, string environment, string api, params object[] requests) =>
        ApiAsync(HttpMethod.Post, token, environment, $"{api}/$batch", new { requests });

    /// <summary>A batch with the body exactly as given.</summary>
    public async Task<BcResponse> BatchRawAsync(string? token, string environment, string api, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{host.BusinessCentralEndpoint}/v2.0/{EmulatorClient.Contoso}/{environment}/api/{api}/$batch");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return await ReadAsync(await emulator.Http.SendAsync(request));
    }

    /// <summary>The id of the environment's company (from the control seed, so no permission set is needed to learn it).</summary>
    public async Task<string> CompanyIdAsync(string environment) => (string)(await SeedEnvironmentAsync(environment))["companies"]![0]!["id"]!;

    /// <summary>The userSecurityId of a user of the environment, by user name (from the control seed).</summary>
    public async Task<string> UserSecurityIdAsync(string environment, string userName) =>
        (string)(await SeedEnvironmentAsync(environment))["users"]!.AsArray().Single(u => (string)u!["userName"]! == userName)!["userSecurityId"]!;

    private async Task<JsonNode> SeedEnvironmentAsync(string environment)
    {
        var seed = await emulator.SeedAsync();
        var tenant = seed["tenants"]!.AsArray().Single(t => (string)t!["initialDomain"]! == EmulatorClient.Contoso)!;
        return tenant["environments"]!.AsArray().Single(e => (string)e!["name"]! == environment)!;
    }

    public async Task<BcResponse> SendAsync(HttpMethod method, string url, string? token, object? body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await ReadAsync(await emulator.Http.SendAsync(request));
    }

    private static async Task<BcResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return new BcResponse(response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, text, response);
    }
}

/// <summary>An app created for a test: client id, display name (used as the BC description) and its secret.</summary>
public sealed record TestApp(string AppId, string DisplayName, string Secret);

public sealed record BcResponse(HttpStatusCode Status, JsonNode? Json, string Text, HttpResponseMessage Message)
{
    public void AssertStatus(HttpStatusCode expected) =>
        Assert.True(Status == expected, $"expected {(int)expected}, got {(int)Status}: {Text}");

    /// <summary>BC's OData error: <c>{"error":{"code","message"}}</c>, the message ending with the correlation id.</summary>
    public string AssertODataError(HttpStatusCode status, string code)
    {
        AssertStatus(status);
        Assert.Equal("application/json; odata.metadata=minimal", Message.Content.Headers.ContentType?.ToString());
        var error = Json!["error"]!;
        Assert.Equal(code, (string?)error["code"]);
        var message = (string)error["message"]!;
        Assert.Matches(@"  CorrelationId:  [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.$", message);
        return message;
    }

    /// <summary>The Admin Center's flat error object (not wrapped in "error").</summary>
    public void AssertAdminError(HttpStatusCode status, string code)
    {
        AssertStatus(status);
        Assert.Equal(code, (string?)Json!["code"]);
        Assert.False(string.IsNullOrEmpty((string?)Json["message"]));
        Assert.Null(Json["error"]);
    }

    public IReadOnlyList<JsonObject> Items => Json!["value"]!.AsArray().Select(i => (JsonObject)i!).ToList();

    /// <summary>The inner answers of a 200 OData JSON batch, in order.</summary>
    public IReadOnlyList<JsonObject> Responses
    {
        get
        {
            AssertStatus(HttpStatusCode.OK);
            return Json!["responses"]!.AsArray().Select(i => (JsonObject)i!).ToList();
        }
    }
}
