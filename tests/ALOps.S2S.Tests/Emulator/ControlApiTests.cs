using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>The tests-only control API: seed, reset, settings, request log.</summary>
public sealed class ControlApiTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    [Fact]
    public async Task Seed_DescribesTheSeededWorld()
    {
        var seed = await Emulator.SeedAsync();
        Assert.Equal(DeviceCodeFlow.PublicClientId, (string?)seed["publicClientId"]);
        var tenants = seed["tenants"]!.AsArray();
        var contoso = tenants.Single(t => (string)t!["initialDomain"]! == "contoso.onmicrosoft.com")!;
        var fabrikam = tenants.Single(t => (string)t!["initialDomain"]! == "fabrikam.onmicrosoft.com")!;

        Assert.True(Guid.TryParse((string)contoso["id"]!, out _));
        Assert.Contains("contoso.com", contoso["domains"]!.AsArray().Select(d => (string)d!));
        Assert.True((bool)contoso["hasBusinessCentral"]!);
        Assert.False((bool)fabrikam["hasBusinessCentral"]!);

        var users = contoso["users"]!.AsArray().ToDictionary(u => (string)u!["userPrincipalName"]!, u => u!["directoryRoles"]!.AsArray().Select(r => (string)r!["displayName"]!).ToList());
        Assert.Equal(["Global Administrator"], users["admin@contoso.onmicrosoft.com"]);
        Assert.Equal(["Application Developer"], users["appdev@contoso.onmicrosoft.com"]);
        Assert.Equal(["Dynamics 365 Business Central Administrator"], users["bcadmin@contoso.onmicrosoft.com"]);
        Assert.Empty(users["user@contoso.onmicrosoft.com"]);

        var contosoSps = contoso["servicePrincipals"]!.AsArray().Select(s => (string)s!["appId"]!).ToList();
        Assert.Contains("00000003-0000-0000-c000-000000000000", contosoSps);
        Assert.Contains("996def3d-b36c-4153-8607-a6fd3c01b89f", contosoSps);
        Assert.Contains(DeviceCodeFlow.PublicClientId, contosoSps);
        Assert.DoesNotContain("996def3d-b36c-4153-8607-a6fd3c01b89f", fabrikam["servicePrincipals"]!.AsArray().Select(s => (string)s!["appId"]!));
        Assert.NotNull(contoso["managedIdentity"]);
        Assert.DoesNotContain("secret", seed.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SeededIds_AreStableAcrossReset()
    {
        var before = (await Emulator.SeedAsync()).ToJsonString();
        await Emulator.ResetAsync();
        Assert.Equal(before, (await Emulator.SeedAsync()).ToJsonString());
    }

    [Fact]
    public async Task Reset_RemovesCreatedAppsSettingsAndTheLog()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "Temporary", passwordCredentials = new[] { new { secretText = "s" } } });
        await Emulator.PatchSettingsAsync(new { replicationDelaySeconds = 30 });
        await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "s");

        await Emulator.ResetAsync();

        Assert.Empty((await Emulator.SeedAsync())["tenants"]![0]!["applications"]!.AsArray());
        Assert.Equal(0, (int)(await Emulator.GetJsonAsync("/control/settings"))!["replicationDelaySeconds"]!);
        Assert.Empty(await Emulator.RequestLogAsync());
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "s")).AssertError(HttpStatusCode.BadRequest, "unauthorized_client", 700016);
    }

    [Fact]
    public async Task Settings_HaveTheDocumentedNamesAndRefuseUnknownOnes()
    {
        var settings = (await Emulator.GetJsonAsync("/control/settings"))!;
        foreach (var name in new[] { "replicationDelaySeconds", "deviceCodeAutoApprove", "deviceCodeUser", "tokenLifetimeSeconds" })
            Assert.NotNull(settings[name]);

        await Emulator.PatchSettingsAsync(new { tokenLifetimeSeconds = 600 });
        Assert.Equal(600, (int)(await Emulator.GetJsonAsync("/control/settings"))!["tokenLifetimeSeconds"]!);

        var unknown = await Emulator.Http.PatchAsJsonAsync($"{Host.ControlEndpoint}/control/settings", new { noSuchSetting = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var badUser = await Emulator.Http.PatchAsJsonAsync($"{Host.ControlEndpoint}/control/settings", new { deviceCodeUser = "ghost@contoso.onmicrosoft.com" });
        Assert.Equal(HttpStatusCode.BadRequest, badUser.StatusCode);
    }

    [Fact]
    public async Task TokenLifetimeSetting_ChangesExpiresIn()
    {
        await Emulator.PatchSettingsAsync(new { tokenLifetimeSeconds = 600 });
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "Short", passwordCredentials = new[] { new { secretText = "s" } } });
        var response = await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "s");
        Assert.Equal(600, (int)response.Body["expires_in"]!);
    }

    [Fact]
    public async Task RequestLog_RecordsHostMethodPathStatusClientAndGrantButNoSecret()
    {
        const string secret = "very-secret-value-123";
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "Logged", passwordCredentials = new[] { new { secretText = secret } } });
        using var certificate = ClientAssertions.CreateCertificate();
        var assertion = ClientAssertions.Create(certificate, app.AppId, $"{Host.AuthorityHost}/{EmulatorClient.Contoso}/oauth2/v2.0/token");
        var ok = await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, secret);
        await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "wrong-" + secret);
        await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, assertion);
        var signIn = await DeviceCodeFlow.SignInAsync(Emulator, "organizations", EmulatorClient.GraphDefault + " openid offline_access");
        using var msi = new HttpRequestMessage(HttpMethod.Get, $"{Host.ManagedIdentityEndpoint}?resource=https://graph.microsoft.com&api-version=2019-08-01&client_secret=leak");
        msi.Headers.Add("X-IDENTITY-HEADER", Host.ManagedIdentityHeader);
        await Emulator.Http.SendAsync(msi);

        var log = await Emulator.RequestLogAsync();
        var text = log.ToJsonString();

        var first = log[0]!;
        Assert.Equal("login", (string?)first["host"]);
        Assert.Equal("POST", (string?)first["method"]);
        Assert.Equal($"/{EmulatorClient.Contoso}/oauth2/v2.0/token", (string?)first["path"]);
        Assert.Equal(200, (int)first["status"]!);
        Assert.Equal(app.AppId, (string?)first["clientId"]);
        Assert.Equal("client_credentials", (string?)first["grantType"]);
        Assert.Equal(401, (int)log[1]!["status"]!);
        Assert.Contains(log, e => (string?)e!["host"] == "msi");

        foreach (var forbidden in new[] { secret, assertion, ok.AccessToken, (string)signIn.Body["refresh_token"]!, signIn.AccessToken, "leak", Host.ManagedIdentityHeader })
            Assert.DoesNotContain(forbidden, text);
    }

    [Fact]
    public async Task DeleteRequests_ClearsTheLog()
    {
        await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, Guid.NewGuid().ToString(), "x");
        Assert.NotEmpty(await Emulator.RequestLogAsync());
        await Emulator.SendAsync(HttpMethod.Delete, "/control/requests", null);
        Assert.Empty(await Emulator.RequestLogAsync());
    }

    [Fact]
    public async Task CreateApp_ValidatesItsInput()
    {
        async Task<HttpStatusCode> Post(string tenant, object body) =>
            (await Emulator.Http.PostAsJsonAsync($"{Host.ControlEndpoint}/control/tenants/{tenant}/apps", body)).StatusCode;

        Assert.Equal(HttpStatusCode.NotFound, await Post("nosuch.onmicrosoft.com", new { displayName = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(EmulatorClient.Contoso, new { }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(EmulatorClient.Contoso, new { displayName = "x", graphRoles = new[] { "No.Such.Role" } }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(EmulatorClient.Fabrikam, new { displayName = "x", bcRoles = new[] { "API.ReadWrite.All" } }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(EmulatorClient.Contoso, new { displayName = "x", keyCredentials = new[] { new { key = "bm90IGEgY2VydA==" } } }));
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "Fixed id", appId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Conflict, await Post(EmulatorClient.Contoso, new { displayName = "Same id", appId = app.AppId }));
    }

    [Fact]
    public async Task ExpireCredentials_ExpiresTheSecret()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "To expire", passwordCredentials = new[] { new { secretText = "s" } } });
        Assert.NotNull((await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "s")).AccessToken);
        await Emulator.SendAsync(HttpMethod.Post, $"/control/tenants/{EmulatorClient.Contoso}/apps/{app.AppId}/expire-credentials", null);
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "s")).AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000222);
    }

    [Fact]
    public async Task ApproveUnknownUserCode_Is404()
    {
        var response = await Emulator.Http.PostAsJsonAsync($"{Host.ControlEndpoint}/control/devicecode/approve", new { userCode = "NOPE", user = "admin@contoso.onmicrosoft.com" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
    }
}
