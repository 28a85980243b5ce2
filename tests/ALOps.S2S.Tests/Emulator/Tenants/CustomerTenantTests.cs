using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.BusinessCentral;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Tenants;

/// <summary>
/// <c>POST /control/tenants</c> (customer tenants made like contoso) and <c>POST /control/tenants/{tenant}/service-principals</c>
/// (admin consent of a multi-tenant app) (CONTRACT.md "Tenants created by tests").
/// </summary>
public sealed class CustomerTenantTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private const string Customer = "customer01.onmicrosoft.com";

    private async Task<HttpResponseMessage> PostAsync(string path, string json) =>
        await Emulator.Http.PostAsync(Host.ControlEndpoint + path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonObject> CreateTenantAsync(object body)
    {
        using var response = await Emulator.SendAsync(HttpMethod.Post, "/control/tenants", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static object[] Environments(int count) =>
        Enumerable.Range(1, count).Select(i => (object)new { name = $"Env{i:00}", type = i % 2 == 0 ? "Sandbox" : "Production" }).ToArray();

    [Fact]
    public async Task CreateTenant_TwentyEnvironments_LikeContoso_StableIdAcrossResets()
    {
        var tenant = await CreateTenantAsync(new { initialDomain = Customer, displayName = "Customer 01", environments = Environments(20) });
        Assert.Equal(Customer, (string?)tenant["initialDomain"]);
        Assert.Equal("Customer 01", (string?)tenant["displayName"]);
        Assert.True((bool)tenant["hasBusinessCentral"]!);
        var id = (string)tenant["id"]!;
        Assert.True(Guid.TryParse(id, out _));

        var seed = await Emulator.SeedAsync();
        var contoso = seed["tenants"]!.AsArray().Single(t => (string?)t!["initialDomain"] == EmulatorClient.Contoso)!;
        var listed = seed["tenants"]!.AsArray().Single(t => (string?)t!["id"] == id)!;
        Assert.Equal(tenant.ToJsonString(), listed.ToJsonString()); // the same shape as /control/seed

        var environments = listed["environments"]!.AsArray();
        Assert.Equal(20, environments.Count);
        Assert.Equal("Env20", (string?)environments[19]!["name"]);
        Assert.Equal("Sandbox", (string?)environments[19]!["type"]);
        Assert.Equal("Production", (string?)environments[0]!["type"]);
        Assert.All(environments, e => Assert.Equal("Active", (string?)e!["status"]));
        var production = contoso["environments"]!.AsArray().Single(e => (string?)e!["name"] == "Production")!;
        Assert.Equal(production["permissionSets"]!.ToJsonString(), environments[0]!["permissionSets"]!.ToJsonString());
        Assert.Equal((string?)production["companies"]![0]!["name"], (string?)environments[0]!["companies"]![0]!["name"]);

        var appIds = listed["servicePrincipals"]!.AsArray().Select(sp => (string?)sp!["appId"]).ToList();
        Assert.Contains("00000003-0000-0000-c000-000000000000", appIds);
        Assert.Contains(GraphClient.BusinessCentralAppId, appIds);
        Assert.Contains(DeviceCodeFlow.PublicClientId, appIds);
        Assert.Contains(listed["users"]!.AsArray(), u => (string?)u!["userPrincipalName"] == "admin@" + Customer);

        await Emulator.ResetAsync();
        Assert.DoesNotContain((await Emulator.SeedAsync())["tenants"]!.AsArray(), t => (string?)t!["id"] == id);
        Assert.Equal(id, (string?)(await CreateTenantAsync(new { initialDomain = Customer.ToUpperInvariant() }))["id"]);
    }

    [Fact]
    public async Task CreateTenant_Defaults_ProductionAndSandbox_UsableByItsAdmin()
    {
        var tenant = await CreateTenantAsync(new { initialDomain = "customer02.onmicrosoft.com" });
        Assert.Equal("customer02", (string?)tenant["displayName"]);
        Assert.Equal(["Production", "Sandbox"], tenant["environments"]!.AsArray().Select(e => (string)e!["name"]!).ToArray());

        // Its own admin signs in there and uses Business Central (admin center and environment API).
        await Emulator.PatchSettingsAsync(new { deviceCodeUser = "admin@customer02.onmicrosoft.com" });
        var signIn = await DeviceCodeFlow.SignInAsync(Emulator, "customer02.onmicrosoft.com", EmulatorClient.BusinessCentralDefault);
        Assert.Equal((string?)tenant["id"], (string?)signIn.AccessTokenClaims["tid"]);
        var bc = new BusinessCentralClient(Host, Emulator);
        var list = await bc.AdminAsync(HttpMethod.Get, signIn.AccessToken, "applications/BusinessCentral/environments");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(2, list.Json!["value"]!.AsArray().Count);
        var companies = await bc.SendAsync(HttpMethod.Get, $"{Host.BusinessCentralEndpoint}/v2.0/customer02.onmicrosoft.com/Sandbox/api/v2.0/companies", signIn.AccessToken, null);
        Assert.Equal(HttpStatusCode.OK, companies.Status);
    }

    [Theory]
    [InlineData("{}", 400)]
    [InlineData("{\"initialDomain\":\"nodot\"}", 400)]
    [InlineData("{\"initialDomain\":\"contoso.com\"}", 409)]
    [InlineData("{\"initialDomain\":\"CONTOSO.onmicrosoft.com\"}", 409)]
    [InlineData("{\"initialDomain\":\"c3.onmicrosoft.com\",\"environments\":[{\"name\":\"A\",\"type\":\"Dev\"}]}", 400)]
    [InlineData("{\"initialDomain\":\"c3.onmicrosoft.com\",\"environments\":[{\"name\":\"A\"},{\"name\":\"a\"}]}", 400)]
    [InlineData("{\"initialDomain\":\"c3.onmicrosoft.com\",\"environments\":[{\"name\":\"A\",\"status\":\"Sleeping\"}]}", 400)]
    [InlineData("{\"initialDomain\":\"c3.onmicrosoft.com\",\"environments\":[{\"type\":\"Sandbox\"}]}", 400)]
    [InlineData("{\"initialDomain\":\"c3.onmicrosoft.com\",\"businessCentral\":false,\"environments\":[{\"name\":\"A\"}]}", 400)]
    [InlineData("{\"initialDomain\":\"c3.onmicrosoft.com\",\"delegatedAdmins\":[\"nobody@contoso.onmicrosoft.com\"]}", 400)]
    public async Task CreateTenant_BadInput(string json, int status)
    {
        using var response = await PostAsync("/control/tenants", json);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.NotNull((string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
        Assert.DoesNotContain((await Emulator.SeedAsync())["tenants"]!.AsArray(), t => (string?)t!["initialDomain"] == "c3.onmicrosoft.com");
    }

    [Fact]
    public async Task CreateTenant_SecondTimeIs409()
    {
        await CreateTenantAsync(new { initialDomain = Customer });
        using var again = await PostAsync("/control/tenants", $"{{\"initialDomain\":\"{Customer}\"}}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task CreateTenant_WithoutBusinessCentral_HasNoEnvironmentsNorBcServicePrincipal()
    {
        var tenant = await CreateTenantAsync(new { initialDomain = Customer, businessCentral = false });
        Assert.False((bool)tenant["hasBusinessCentral"]!);
        Assert.Empty(tenant["environments"]!.AsArray());
        Assert.DoesNotContain(tenant["servicePrincipals"]!.AsArray(), sp => (string?)sp!["appId"] == GraphClient.BusinessCentralAppId);
    }

    [Fact]
    public async Task ServicePrincipal_AdminConsentOfAMultiTenantApp_ClientCredentialsThereCarryTheRoles()
    {
        var customer = await CreateTenantAsync(new { initialDomain = Customer, environments = Environments(2) });
        var secret = "multi-tenant-secret-" + Guid.NewGuid().ToString("N");
        var certificate = ClientAssertions.CreateCertificate();
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = "ALOps multi-tenant",
            signInAudience = "AzureADMultipleOrgs",
            passwordCredentials = new[] { new { secretText = secret } },
            keyCredentials = new[] { new { key = Convert.ToBase64String(certificate.RawData) } },
        });

        // Not consented there yet.
        (await Emulator.ClientCredentialsWithSecretAsync(Customer, app.AppId, secret)).AssertError(HttpStatusCode.BadRequest, "unauthorized_client", 700016);

        using var created = await Emulator.SendAsync(HttpMethod.Post, $"/control/tenants/{Customer}/service-principals",
            new { appId = app.AppId, appRoles = new[] { "API.ReadWrite.All", "Automation.ReadWrite.All" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sp = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(app.AppId, (string?)sp["appId"]);
        Assert.True(Guid.TryParse((string?)sp["id"], out _));
        Assert.NotEqual(app.ServicePrincipalId, (string?)sp["id"]);

        var token = await Emulator.ClientCredentialsWithSecretAsync(Customer, app.AppId, secret);
        Assert.Equal((string?)customer["id"], (string?)token.AccessTokenClaims["tid"]);
        Assert.Equal((string?)sp["id"], (string?)token.AccessTokenClaims["oid"]);
        Assert.Equal(["API.ReadWrite.All", "Automation.ReadWrite.All"], Jwt.Strings(token.AccessTokenClaims["roles"]).Order().ToArray());

        var customerId = (string)customer["id"]!;
        var assertion = ClientAssertions.Create(certificate, app.AppId, $"{Host.AuthorityHost}/{customerId}/oauth2/v2.0/token");
        var byCertificate = await Emulator.ClientCredentialsWithAssertionAsync(customerId, app.AppId, assertion);
        Assert.Equal(customerId, (string?)byCertificate.AccessTokenClaims["tid"]);
        Assert.Equal("2", (string?)byCertificate.AccessTokenClaims["appidacr"]);

        // The app works in the customer's environment once the customer's admin registered it on page 9860.
        var bc = new BusinessCentralClient(Host, Emulator);
        var register = await bc.SendAsync(HttpMethod.Post, $"{Host.ControlEndpoint}/control/tenants/{Customer}/environments/Env02/entra-apps", null,
            new { clientId = app.AppId, description = "ALOps multi-tenant", permissionSets = new[] { BusinessCentralClient.D365Automation } });
        Assert.Equal(HttpStatusCode.Created, register.Status);
        var companies = await bc.SendAsync(HttpMethod.Get,
            $"{Host.BusinessCentralEndpoint}/v2.0/{customerId}/Env02/api/{BusinessCentralClient.Automation}/companies", token.AccessToken, null);
        Assert.Equal(HttpStatusCode.OK, companies.Status);

        // Not idempotent: a second consent is 409.
        using var again = await PostAsync($"/control/tenants/{Customer}/service-principals", $"{{\"appId\":\"{app.AppId}\"}}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task ServicePrincipal_Errors()
    {
        await CreateTenantAsync(new { initialDomain = Customer });
        var multi = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "multi", signInAudience = "AzureADMultipleOrgs" });
        var single = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "single" });

        async Task Expect(string tenant, string json, HttpStatusCode status)
        {
            using var response = await PostAsync($"/control/tenants/{tenant}/service-principals", json);
            Assert.Equal(status, response.StatusCode);
        }

        await Expect("nowhere.onmicrosoft.com", $"{{\"appId\":\"{multi.AppId}\"}}", HttpStatusCode.NotFound);
        await Expect(Customer, $"{{\"appId\":\"{Guid.NewGuid()}\"}}", HttpStatusCode.NotFound);
        await Expect(Customer, "{\"appId\":\"not-a-guid\"}", HttpStatusCode.BadRequest);
        await Expect(Customer, $"{{\"appId\":\"{multi.AppId}\",\"appRoles\":[\"Nope.All\"]}}", HttpStatusCode.BadRequest);
        await Expect(Customer, $"{{\"appId\":\"{single.AppId}\"}}", HttpStatusCode.BadRequest);
        await Expect(EmulatorClient.Contoso, $"{{\"appId\":\"{multi.AppId}\"}}", HttpStatusCode.Conflict); // its home already has one
        await Expect(EmulatorClient.Fabrikam, $"{{\"appId\":\"{multi.AppId}\",\"appRoles\":[\"API.ReadWrite.All\"]}}", HttpStatusCode.BadRequest); // no BC there

        // A failed consent created nothing.
        var seed = await Emulator.SeedAsync();
        var customer = seed["tenants"]!.AsArray().Single(t => (string?)t!["initialDomain"] == Customer)!;
        Assert.DoesNotContain(customer["servicePrincipals"]!.AsArray(), sp => (string?)sp!["appId"] == multi.AppId);
    }
}
