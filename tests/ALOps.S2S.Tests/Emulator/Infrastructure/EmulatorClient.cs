using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>Calls the emulator's control API and its identity endpoints the way a test needs them.</summary>
public sealed class EmulatorClient(EmulatorHost host, HttpClient http) : IDisposable
{
    public const string Contoso = "contoso.onmicrosoft.com";
    public const string Fabrikam = "fabrikam.onmicrosoft.com";
    public const string GraphDefault = "https://graph.microsoft.com/.default";
    public const string BusinessCentralDefault = "https://api.businesscentral.dynamics.com/.default";

    public HttpClient Http => http;

    public Task ResetAsync() => SendAsync(HttpMethod.Post, "/control/reset", null);

    public async Task<JsonObject> SeedAsync() => (JsonObject)(await GetJsonAsync("/control/seed"))!;

    public async Task<JsonArray> RequestLogAsync() => (JsonArray)(await GetJsonAsync("/control/requests"))!;

    public Task PatchSettingsAsync(object settings) => SendAsync(HttpMethod.Patch, "/control/settings", settings);

    public async Task<SeededApp> CreateAppAsync(string tenant, object body)
    {
        var response = await http.PostAsJsonAsync($"{host.ControlEndpoint}/control/tenants/{tenant}/apps", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new SeededApp((string)json["appId"]!, (string)json["objectId"]!, (string?)json["servicePrincipalId"]);
    }

    public async Task<string> TestIssuerTokenAsync(string subject, string? audience = null, int? lifetimeSeconds = null)
    {
        var response = await http.PostAsJsonAsync($"{host.ControlEndpoint}/control/test-issuer/token",
            new { subject, audience, lifetimeSeconds });
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
    }

    public async Task<JsonNode?> GetJsonAsync(string controlPath)
    {
        var response = await http.GetAsync(host.ControlEndpoint + controlPath);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string controlPath, object? body)
    {
        using var request = new HttpRequestMessage(method, host.ControlEndpoint + controlPath);
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {controlPath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    /// <summary>POSTs a form to <c>/{tenant}/oauth2/v2.0/{endpoint}</c> on the login host.</summary>
    public async Task<TokenResponse> PostFormAsync(string tenant, IEnumerable<KeyValuePair<string, string>> form,
        string endpoint = "token", AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{host.AuthorityHost}/{tenant}/oauth2/v2.0/{endpoint}")
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = authorization;
        var response = await http.SendAsync(request);
        return await TokenResponse.ReadAsync(response);
    }

    public Task<TokenResponse> ClientCredentialsWithSecretAsync(string tenant, string clientId, string secret, string scope = BusinessCentralDefault) =>
        PostFormAsync(tenant, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        });

    public Task<TokenResponse> ClientCredentialsWithAssertionAsync(string tenant, string clientId, string assertion, string scope = BusinessCentralDefault) =>
        PostFormAsync(tenant, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
            ["scope"] = scope,
        });

    public void Dispose() => http.Dispose();
}

public sealed record SeededApp(string AppId, string ObjectId, string? ServicePrincipalId);
