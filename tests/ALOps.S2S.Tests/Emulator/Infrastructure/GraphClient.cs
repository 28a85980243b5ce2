using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>Calls the emulator's Graph host with a bearer token obtained from its login host.</summary>
public sealed class GraphClient(EmulatorHost host, EmulatorClient emulator)
{
    public const string ApplicationReadWriteAll = "Application.ReadWrite.All";
    public const string AppRoleAssignmentReadWriteAll = "AppRoleAssignment.ReadWrite.All";
    public const string BusinessCentralAppId = "996def3d-b36c-4153-8607-a6fd3c01b89f";

    /// <summary>A Graph token of a new app in contoso holding the given Graph application permissions.</summary>
    public async Task<string> AppTokenAsync(params string[] graphRoles)
    {
        var app = await emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = "Graph operator " + Guid.NewGuid().ToString("N")[..6],
            passwordCredentials = new[] { new { secretText = "operator-secret" } },
            graphRoles,
        });
        return (await emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "operator-secret", EmulatorClient.GraphDefault)).AccessToken;
    }

    /// <summary>A delegated Graph token of a seeded contoso user (device code through the well-known public client).</summary>
    public async Task<string> UserTokenAsync(string userPrincipalName)
    {
        await emulator.PatchSettingsAsync(new { deviceCodeUser = userPrincipalName });
        return (await DeviceCodeFlow.SignInAsync(emulator, "organizations", EmulatorClient.GraphDefault + " openid profile offline_access")).AccessToken;
    }

    public Task<GraphResponse> GetAsync(string token, string path, bool eventual = false) => SendAsync(HttpMethod.Get, token, path, null, eventual);

    public Task<GraphResponse> PostAsync(string token, string path, object? body) => SendAsync(HttpMethod.Post, token, path, body);

    public Task<GraphResponse> PatchAsync(string token, string path, object body) => SendAsync(HttpMethod.Patch, token, path, body);

    public Task<GraphResponse> DeleteAsync(string token, string path) => SendAsync(HttpMethod.Delete, token, path, null);

    public async Task<GraphResponse> SendAsync(HttpMethod method, string? token, string path, object? body, bool eventual = false)
    {
        using var request = new HttpRequestMessage(method, host.GraphEndpoint + "/v1.0/" + path.TrimStart('/'));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (eventual) request.Headers.Add("ConsistencyLevel", "eventual");
        if (body is not null) request.Content = body is JsonNode node ? JsonContent.Create(node) : JsonContent.Create(body);
        var response = await emulator.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json") json = JsonNode.Parse(text);
        return new GraphResponse(response.StatusCode, json, text, response);
    }

    /// <summary>Creates an application through Graph and returns its JSON.</summary>
    public async Task<JsonObject> CreateApplicationAsync(string token, object body)
    {
        var response = await PostAsync(token, "applications", body);
        response.AssertStatus(HttpStatusCode.Created);
        return (JsonObject)response.Json!;
    }

    public async Task<JsonObject> CreateServicePrincipalAsync(string token, string appId)
    {
        var response = await PostAsync(token, "servicePrincipals", new { appId });
        response.AssertStatus(HttpStatusCode.Created);
        return (JsonObject)response.Json!;
    }

    public async Task<string> ServicePrincipalIdAsync(string token, string appId)
    {
        var response = await GetAsync(token, $"servicePrincipals(appId='{appId}')?$select=id");
        response.AssertStatus(HttpStatusCode.OK);
        return (string)response.Json!["id"]!;
    }

    public async Task<string> BusinessCentralRoleIdAsync(string token, string value)
    {
        var response = await GetAsync(token, $"servicePrincipals(appId='{BusinessCentralAppId}')?$select=id,appRoles");
        return (string)response.Json!["appRoles"]!.AsArray().Single(r => (string)r!["value"]! == value)!["id"]!;
    }
}

public sealed record GraphResponse(HttpStatusCode Status, JsonNode? Json, string Text, HttpResponseMessage Message)
{
    public void AssertStatus(HttpStatusCode expected) =>
        Assert.True(Status == expected, $"expected {(int)expected}, got {(int)Status}: {Text}");

    /// <summary>Asserts the Graph error envelope with this status and code.</summary>
    public void AssertError(HttpStatusCode status, string code)
    {
        AssertStatus(status);
        Assert.Equal(code, (string?)Json!["error"]!["code"]);
        Assert.False(string.IsNullOrEmpty((string?)Json["error"]!["message"]));
        var inner = Json["error"]!["innerError"]!;
        Assert.False(string.IsNullOrEmpty((string?)inner["request-id"]));
        Assert.False(string.IsNullOrEmpty((string?)inner["date"]));
        Assert.False(string.IsNullOrEmpty((string?)inner["client-request-id"]));
    }

    public string ErrorMessage => (string)Json!["error"]!["message"]!;
}
