using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Web;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Tenants;

/// <summary>
/// The partner model in the emulator: a multi-tenant app of contoso consented into a customer tenant through the
/// admin-consent page (entra.adminconsent.json), and GDAP relationships with their own roles (CONTRACT.md "Tenants created
/// by tests").
/// </summary>
public sealed class PartnerConsentTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private const string Customer = "customer01.onmicrosoft.com";
    private const string Landing = "https://businesscentral.dynamics.com/OAuthLanding.htm";
    private const string PartnerAdmin = "admin@contoso.onmicrosoft.com";

    private async Task<string> CreateCustomerAsync(object? delegatedAdmin = null)
    {
        using var response = await Emulator.SendAsync(HttpMethod.Post, "/control/tenants",
            new { initialDomain = Customer, delegatedAdmins = delegatedAdmin is null ? Array.Empty<object>() : [delegatedAdmin] });
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    /// <summary>A multi-tenant app of contoso asking for two Business Central roles, with a secret; made through Graph.</summary>
    private async Task<(string AppId, string Secret)> CreatePartnerAppAsync(string signInAudience = "AzureADMultipleOrgs", bool withLanding = true)
    {
        var graph = new GraphClient(Host, Emulator);
        var token = await graph.UserTokenAsync(PartnerAdmin);
        var api = await graph.BusinessCentralRoleIdAsync(token, "API.ReadWrite.All");
        var automation = await graph.BusinessCentralRoleIdAsync(token, "Automation.ReadWrite.All");
        var app = await graph.CreateApplicationAsync(token, new
        {
            displayName = "ALOps partner " + Guid.NewGuid().ToString("N")[..6],
            signInAudience,
            web = new { redirectUris = withLanding ? new[] { Landing } : Array.Empty<string>() },
            requiredResourceAccess = new[]
            {
                new
                {
                    resourceAppId = GraphClient.BusinessCentralAppId,
                    resourceAccess = new[] { new { id = api, type = "Role" }, new { id = automation, type = "Role" } },
                },
            },
        });
        var secret = await graph.PostAsync(token, $"applications/{(string)app["id"]!}/addPassword", new { passwordCredential = new { displayName = "s" } });
        return ((string)app["appId"]!, (string)secret.Json!["secretText"]!);
    }

    private Task<HttpResponseMessage> ConsentPageAsync(string tenant, string clientId, string redirectUri = Landing, string? scope = null) =>
        Emulator.Http.GetAsync($"{Host.AuthorityHost}/{tenant}/{(scope is null ? "" : "v2.0/")}adminconsent?client_id={clientId}" +
                               $"&state=12345&redirect_uri={Uri.EscapeDataString(redirectUri)}{(scope is null ? "" : "&scope=" + Uri.EscapeDataString(scope))}");

    private static System.Collections.Specialized.NameValueCollection RedirectQuery(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(Landing + "?", location.OriginalString, StringComparison.Ordinal);
        return HttpUtility.ParseQueryString(location.Query);
    }

    [Fact]
    public async Task ConsentPage_CustomersAdminAccepts_RedirectsAsDocumented_AndTheAppGetsItsRolesThere()
    {
        var customerId = await CreateCustomerAsync();
        var (appId, secret) = await CreatePartnerAppAsync();
        (await Emulator.ClientCredentialsWithSecretAsync(Customer, appId, secret)).AssertError(HttpStatusCode.BadRequest, "unauthorized_client", 700016);

        await Emulator.PatchSettingsAsync(new { adminConsentUser = "admin@" + Customer });
        using var page = await ConsentPageAsync(Customer, appId);
        var query = RedirectQuery(page);
        Assert.Equal(customerId, query["tenant"]);
        Assert.Equal("12345", query["state"]);
        Assert.Equal("True", query["admin_consent"]);
        var documented = (JsonObject)ContractSample.Load("entra.adminconsent.json").Response!["redirect_query"]!;
        Assert.All(documented.Select(p => p.Key), key => Assert.NotNull(query[key]));

        var token = await Emulator.ClientCredentialsWithSecretAsync(Customer, appId, secret);
        Assert.Equal(customerId, (string?)token.AccessTokenClaims["tid"]);
        Assert.Equal(["API.ReadWrite.All", "Automation.ReadWrite.All"], Jwt.Strings(token.AccessTokenClaims["roles"]).Order().ToArray());

        // Consenting again changes nothing: one service principal, the same roles.
        using var again = await ConsentPageAsync(Customer, appId);
        Assert.Equal("True", RedirectQuery(again)["admin_consent"]);
        var customer = (await Emulator.SeedAsync())["tenants"]!.AsArray().Single(t => (string?)t!["id"] == customerId)!;
        Assert.Single(customer["servicePrincipals"]!.AsArray(), sp => (string?)sp!["appId"] == appId);
    }

    [Fact]
    public async Task ConsentPage_V2WithTheBusinessCentralDefaultScope_EchoesTheScope()
    {
        await CreateCustomerAsync();
        var (appId, secret) = await CreatePartnerAppAsync();
        await Emulator.PatchSettingsAsync(new { adminConsentUser = "admin@" + Customer });
        using var page = await ConsentPageAsync(Customer, appId, scope: EmulatorClient.BusinessCentralDefault);
        var query = RedirectQuery(page);
        Assert.Equal("True", query["admin_consent"]);
        Assert.Equal(EmulatorClient.BusinessCentralDefault, query["scope"]);
        Assert.Equal(HttpStatusCode.OK, (await Emulator.ClientCredentialsWithSecretAsync(Customer, appId, secret)).Status);

        // A resource the app does not ask for is refused on the redirect, nothing more is granted.
        using var graph = await ConsentPageAsync(Customer, appId, scope: EmulatorClient.GraphDefault);
        Assert.Equal("invalid_request", RedirectQuery(graph)["error"]);
    }

    [Fact]
    public async Task ConsentPage_WithoutAnApprover_ShowsTheSignInPage_UntilTheCustomersAdminAccepts()
    {
        await CreateCustomerAsync();
        var (appId, secret) = await CreatePartnerAppAsync();
        using var page = await ConsentPageAsync(Customer, appId);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        (await Emulator.ClientCredentialsWithSecretAsync(Customer, appId, secret)).AssertError(HttpStatusCode.BadRequest, "unauthorized_client", 700016);

        using var approved = await Emulator.SendAsync(HttpMethod.Post, $"/control/tenants/{Customer}/admin-consent", new { clientId = appId });
        var body = (await approved.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(appId, (string?)body["appId"]);
        Assert.Equal(["API.ReadWrite.All", "Automation.ReadWrite.All"], body["appRoles"]!.AsArray().Select(r => (string)r!).Order().ToArray());
        Assert.Equal(HttpStatusCode.OK, (await Emulator.ClientCredentialsWithSecretAsync(Customer, appId, secret)).Status);
    }

    [Fact]
    public async Task ConsentPage_Refusals()
    {
        await CreateCustomerAsync();
        var (multi, _) = await CreatePartnerAppAsync();
        var (single, _) = await CreatePartnerAppAsync(signInAudience: "AzureADMyOrg");
        var (noLanding, _) = await CreatePartnerAppAsync(withLanding: false);
        await Emulator.PatchSettingsAsync(new { adminConsentUser = "admin@" + Customer });

        async Task ExpectAadsts(HttpResponseMessage response, int code)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(code, (int)body["error_codes"]![0]!);
        }

        await ExpectAadsts(await ConsentPageAsync(Customer, Guid.NewGuid().ToString()), 700016);
        await ExpectAadsts(await ConsentPageAsync(Customer, single), 700016); // a single-tenant app does not exist elsewhere
        await ExpectAadsts(await ConsentPageAsync(Customer, noLanding), 50011);
        await ExpectAadsts(await ConsentPageAsync(Customer, multi, redirectUri: "https://evil.example/"), 50011);
        await ExpectAadsts(await Emulator.Http.GetAsync($"{Host.AuthorityHost}/{Customer}/adminconsent?redirect_uri={Landing}"), 900144);

        // A user who is no administrator: the page redirects with an error and grants nothing.
        await Emulator.PatchSettingsAsync(new { adminConsentUser = "user@" + Customer });
        using var denied = await ConsentPageAsync(Customer, multi);
        var query = RedirectQuery(denied);
        Assert.Equal("access_denied", query["error"]);
        Assert.Contains("AADSTS90094", query["error_description"]);
        var customer = (await Emulator.SeedAsync())["tenants"]!.AsArray().Single(t => (string?)t!["initialDomain"] == Customer)!;
        Assert.DoesNotContain(customer["servicePrincipals"]!.AsArray(), sp => (string?)sp!["appId"] == multi);

        using var unknownApprover = await Emulator.Http.PatchAsJsonAsync(Host.ControlEndpoint + "/control/settings", new { adminConsentUser = "nobody@nowhere.example" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownApprover.StatusCode);
    }

    [Theory]
    [InlineData(new[] { "Dynamics 365 Business Central Administrator" }, HttpStatusCode.Forbidden)]
    [InlineData(new[] { "ApplicationAdministrator", "Dynamics 365 Business Central Administrator" }, HttpStatusCode.Created)]
    public async Task Gdap_TheRelationshipsRolesDecideWhatThePartnerMayDoInGraph(string[] roles, HttpStatusCode servicePrincipalStatus)
    {
        var customerId = await CreateCustomerAsync(new { userPrincipalName = PartnerAdmin, roles });
        var (appId, _) = await CreatePartnerAppAsync();
        var listed = (await Emulator.SeedAsync())["tenants"]!.AsArray().Single(t => (string?)t!["id"] == customerId)!;
        Assert.Equal(PartnerAdmin, (string?)listed["delegatedAdmins"]![0]!["userPrincipalName"]);

        var home = await DeviceCodeFlow.SignInAsync(Emulator, "organizations", EmulatorClient.GraphDefault + " openid profile offline_access");
        var there = await Emulator.PostFormAsync(customerId, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = DeviceCodeFlow.PublicClientId,
            ["refresh_token"] = (string)home.Body["refresh_token"]!,
            ["scope"] = EmulatorClient.GraphDefault,
        });
        Assert.Equal(HttpStatusCode.OK, there.Status);
        var wids = Jwt.Strings(there.AccessTokenClaims["wids"]).ToList();
        Assert.Contains("963797fb-eb3b-4cde-8ce3-5878b3f32a3f", wids); // Business Central Administrator
        Assert.DoesNotContain("62e90394-69f5-4237-9190-012177145e10", wids); // not Global Administrator

        var graph = new GraphClient(Host, Emulator);
        var created = await graph.PostAsync(there.AccessToken, "servicePrincipals", new { appId });
        Assert.Equal(servicePrincipalStatus, created.Status);
    }

    [Theory]
    [InlineData("{\"initialDomain\":\"c4.onmicrosoft.com\",\"delegatedAdmins\":[{\"userPrincipalName\":\"admin@contoso.onmicrosoft.com\",\"roles\":[\"Owner\"]}]}")]
    [InlineData("{\"initialDomain\":\"c4.onmicrosoft.com\",\"delegatedAdmins\":[{\"roles\":[]}]}")]
    [InlineData("{\"initialDomain\":\"c4.onmicrosoft.com\",\"delegatedAdmins\":[42]}")]
    public async Task Gdap_BadRelationships(string json)
    {
        using var response = await Emulator.Http.PostAsync(Host.ControlEndpoint + "/control/tenants",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
