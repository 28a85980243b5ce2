using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.BusinessCentral;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Microsoft.Identity.Client;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Tenants;

/// <summary>
/// Delegated admins (GDAP-like partner access): a contoso user listed in a customer tenant's <c>delegatedAdmins</c>
/// refreshes its home sign-in into that tenant and acts there as Global Administrator and Business Central
/// Administrator (CONTRACT.md "Tenants created by tests").
/// </summary>
public sealed class DelegatedAdminTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private const string Customer = "customer01.onmicrosoft.com";
    private const string PartnerAdmin = "admin@contoso.onmicrosoft.com";
    private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    private const string BusinessCentralAdministrator = "963797fb-eb3b-4cde-8ce3-5878b3f32a3f";
    private const string SignInScopes = " openid profile offline_access";

    private async Task<(string CustomerId, string ContosoId)> CreateCustomerAsync()
    {
        using var response = await Emulator.SendAsync(HttpMethod.Post, "/control/tenants",
            new { initialDomain = Customer, delegatedAdmins = new[] { PartnerAdmin } });
        var tenant = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(PartnerAdmin, (string?)tenant["delegatedAdmins"]![0]!["userPrincipalName"]);
        var seed = await Emulator.SeedAsync();
        var contoso = (string)seed["tenants"]!.AsArray().Single(t => (string?)t!["initialDomain"] == EmulatorClient.Contoso)!["id"]!;
        return ((string)tenant["id"]!, contoso);
    }

    private Task<TokenResponse> RefreshAsync(string tenant, string refreshToken, string scope) =>
        Emulator.PostFormAsync(tenant, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = DeviceCodeFlow.PublicClientId,
            ["refresh_token"] = refreshToken,
            ["scope"] = scope,
            ["client_info"] = "1",
        });

    [Fact]
    public async Task DelegatedAdmin_RefreshIntoTheCustomerTenant_ManagesGraphAndBusinessCentralThere()
    {
        var (customerId, contosoId) = await CreateCustomerAsync();
        var home = await DeviceCodeFlow.SignInAsync(Emulator, "organizations", EmulatorClient.GraphDefault + SignInScopes);
        Assert.Equal(contosoId, (string?)home.AccessTokenClaims["tid"]);

        var graphSignIn = await RefreshAsync(customerId, (string)home.Body["refresh_token"]!, EmulatorClient.GraphDefault + SignInScopes);
        Assert.Equal(HttpStatusCode.OK, graphSignIn.Status);
        var claims = graphSignIn.AccessTokenClaims;
        Assert.Equal(customerId, (string?)claims["tid"]);
        Assert.Equal($"https://sts.windows.net/{customerId}/", (string?)claims["iss"]);
        Assert.Equal($"https://sts.windows.net/{contosoId}/", (string?)claims["idp"]);
        Assert.Equal(PartnerAdmin, (string?)claims["upn"]);
        Assert.Equal("Contoso Admin", (string?)claims["name"]);
        Assert.Equal("Application.ReadWrite.All AppRoleAssignment.ReadWrite.All Directory.AccessAsUser.All", (string?)claims["scp"]);
        Assert.Contains(GlobalAdministrator, Jwt.Strings(claims["wids"]));
        Assert.Contains(BusinessCentralAdministrator, Jwt.Strings(claims["wids"]));
        Assert.False(string.IsNullOrEmpty((string?)graphSignIn.Body["refresh_token"]));
        Assert.Equal(customerId, (string?)Jwt.Payload((string)graphSignIn.Body["id_token"]!)["tid"]);
        var clientInfo = JsonNode.Parse(Convert.FromBase64String(Pad((string)graphSignIn.Body["client_info"]!)))!;
        Assert.Equal(contosoId, (string?)clientInfo["utid"]); // MSAL keeps one (home) account

        // Graph in the customer tenant: create an app, its service principal, grant it a BC role.
        var graph = new GraphClient(Host, Emulator);
        var token = graphSignIn.AccessToken;
        var app = await graph.CreateApplicationAsync(token, new { displayName = "ALOps CI (customer01)" });
        var appId = (string)app["appId"]!;
        var sp = await graph.CreateServicePrincipalAsync(token, appId);
        var bcSpId = await graph.ServicePrincipalIdAsync(token, GraphClient.BusinessCentralAppId);
        var roleId = await graph.BusinessCentralRoleIdAsync(token, "API.ReadWrite.All");
        var grant = await graph.PostAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo",
            new { principalId = (string)sp["id"]!, resourceId = bcSpId, appRoleId = roleId });
        grant.AssertStatus(HttpStatusCode.Created);
        var seed = await Emulator.SeedAsync();
        Assert.Contains(seed["tenants"]!.AsArray().Single(t => (string?)t!["id"] == customerId)!["applications"]!.AsArray(),
            a => (string?)a!["appId"] == appId);

        // Business Central in the customer tenant, with the refresh token the customer tenant issued.
        var bcSignIn = await RefreshAsync(customerId, (string)graphSignIn.Body["refresh_token"]!, EmulatorClient.BusinessCentralDefault + " offline_access");
        Assert.Equal(HttpStatusCode.OK, bcSignIn.Status);
        Assert.Equal(customerId, (string?)bcSignIn.AccessTokenClaims["tid"]);
        Assert.Equal("user_impersonation Financials.ReadWrite.All", (string?)bcSignIn.AccessTokenClaims["scp"]);
        var bc = new BusinessCentralClient(Host, Emulator);
        var put = await bc.AdminAsync(HttpMethod.Put, bcSignIn.AccessToken, $"authorizedAadApps/{appId}");
        put.AssertStatus(HttpStatusCode.OK);
        Assert.True((bool)put.Json!["isAdminConsentGranted"]!);
        (await bc.AdminAsync(HttpMethod.Get, bcSignIn.AccessToken, "applications/BusinessCentral/environments")).AssertStatus(HttpStatusCode.OK);
        var companies = await bc.SendAsync(HttpMethod.Get,
            $"{Host.BusinessCentralEndpoint}/v2.0/{customerId}/Production/api/{BusinessCentralClient.Automation}/companies", bcSignIn.AccessToken, null);
        companies.AssertStatus(HttpStatusCode.OK);

        // The partner's own tenant is unchanged: organizations still means home.
        var again = await RefreshAsync("organizations", (string)home.Body["refresh_token"]!, EmulatorClient.GraphDefault);
        Assert.Equal(contosoId, (string?)again.AccessTokenClaims["tid"]);
        Assert.Null(again.AccessTokenClaims["idp"]);
    }

    [Fact]
    public async Task NotADelegatedAdmin_IsAadsts50020()
    {
        var (customerId, contosoId) = await CreateCustomerAsync();
        await Emulator.PatchSettingsAsync(new { deviceCodeUser = "user@contoso.onmicrosoft.com" });
        var home = await DeviceCodeFlow.SignInAsync(Emulator, "organizations", EmulatorClient.GraphDefault + SignInScopes);
        var refused = await RefreshAsync(customerId, (string)home.Body["refresh_token"]!, EmulatorClient.GraphDefault);
        refused.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50020);
        var description = (string)refused.Body["error_description"]!;
        Assert.Contains($"User account 'user@contoso.onmicrosoft.com' from identity provider 'https://sts.windows.net/{contosoId}/' does not exist in tenant 'customer01'", description);
        Assert.Contains(DeviceCodeFlow.PublicClientId, description);
    }

    [Fact]
    public async Task DelegatedAdmin_DeviceCodeAtTheCustomerTenant()
    {
        var (customerId, contosoId) = await CreateCustomerAsync();
        var signIn = await DeviceCodeFlow.SignInAsync(Emulator, Customer, EmulatorClient.BusinessCentralDefault);
        Assert.Equal(HttpStatusCode.OK, signIn.Status);
        Assert.Equal(customerId, (string?)signIn.AccessTokenClaims["tid"]);
        Assert.Equal($"https://sts.windows.net/{contosoId}/", (string?)signIn.AccessTokenClaims["idp"]);

        await Emulator.PatchSettingsAsync(new { deviceCodeUser = "bcadmin@contoso.onmicrosoft.com" });
        (await DeviceCodeFlow.SignInAsync(Emulator, Customer, EmulatorClient.BusinessCentralDefault)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50034);
    }

    [Fact]
    public async Task Msal_AcquireTokenSilentWithTenantId_GetsTheCustomerTenantsTokens()
    {
        var (customerId, contosoId) = await CreateCustomerAsync();
        var client = PublicClientApplicationBuilder.Create(DeviceCodeFlow.PublicClientId)
            .WithAuthority($"{Host.AuthorityHost}/organizations")
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new MsalHttpClientFactory(Emulator.Http))
            .Build();
        var home = await client.AcquireTokenWithDeviceCode([EmulatorClient.GraphDefault], _ => Task.CompletedTask).ExecuteAsync();
        Assert.Equal(contosoId, home.TenantId);

        var graph = await client.AcquireTokenSilent([EmulatorClient.GraphDefault], home.Account).WithTenantId(customerId).ExecuteAsync();
        Assert.Equal(customerId, (string?)Jwt.Payload(graph.AccessToken)["tid"]);
        Assert.Equal(PartnerAdmin, graph.Account.Username);
        var businessCentral = await client.AcquireTokenSilent([EmulatorClient.BusinessCentralDefault], home.Account).WithTenantId(customerId).ExecuteAsync();
        Assert.Equal(customerId, (string?)Jwt.Payload(businessCentral.AccessToken)["tid"]);
        Assert.Equal("https://api.businesscentral.dynamics.com", (string?)Jwt.Payload(businessCentral.AccessToken)["aud"]);

        // The home tenant's tokens are still the home tenant's.
        var homeAgain = await client.AcquireTokenSilent([EmulatorClient.BusinessCentralDefault], home.Account).ExecuteAsync();
        Assert.Equal(contosoId, (string?)Jwt.Payload(homeAgain.AccessToken)["tid"]);

        var log = await Emulator.RequestLogAsync();
        Assert.Contains(log, e => (string?)e!["grantType"] == "refresh_token" && (string?)e["path"] == $"/{customerId}/oauth2/v2.0/token" && (int)e["status"]! == 200);
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
    }

    private sealed class MsalHttpClientFactory(HttpClient http) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => http;
    }
}
