using System.Net;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.BusinessCentral;

/// <summary>
/// Who gets into an environment's APIs: an app only when registered and Enabled on its Microsoft Entra Applications
/// page and holding the API's role, a person only when an enabled BC user; anything else is BC's one 401.
/// </summary>
public sealed class EnvironmentAuthenticationTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private const string Rejected = @"^The server has rejected the client credentials\.  CorrelationId:  [0-9a-f-]{36}\.$";

    private BusinessCentralClient Bc => new(Host, Emulator);

    [Fact]
    public async Task AppNotRegistered_IsRejectedWithInvalidCredentials()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole, BusinessCentralClient.AutomationRole);
        var response = await Bc.GetAsync(await Bc.AppTokenAsync(app), "Sandbox", "v2.0/companies");
        Assert.Matches(Rejected, response.AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials"));
        Assert.Equal("4.0", response.Message.Headers.GetValues("OData-Version").Single());
    }

    [Fact]
    public async Task AppRegisteredAndEnabledWithTheRole_ReadsCompanies()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        var response = await Bc.GetAsync(await Bc.AppTokenAsync(app), "Sandbox", "v2.0/companies");
        response.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("CRONUS International Ltd.", (string?)response.Items.Single()["name"]);
    }

    [Fact]
    public async Task DisabledRegistration_IsRejected_UntilEnabledAgain()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation], state: "Disabled");
        var token = await Bc.AppTokenAsync(app);
        (await Bc.GetAsync(token, "Sandbox", "v2.0/companies")).AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials");

        (await Bc.ControlAsync(HttpMethod.Patch, $"environments/Sandbox/entra-apps/{app.AppId}", new { state = "Enabled" })).AssertStatus(HttpStatusCode.OK);
        (await Bc.GetAsync(token, "Sandbox", "v2.0/companies")).AssertStatus(HttpStatusCode.OK);

        (await Bc.ControlAsync(HttpMethod.Patch, $"environments/Sandbox/entra-apps/{app.AppId}", new { state = "Disabled" })).AssertStatus(HttpStatusCode.OK);
        (await Bc.GetAsync(token, "Sandbox", "v2.0/companies")).AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials");
    }

    [Fact]
    public async Task DeletedRegistration_IsRejected()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        (await Bc.ControlAsync(HttpMethod.Delete, $"environments/Sandbox/entra-apps/{app.AppId}")).AssertStatus(HttpStatusCode.NoContent);
        (await Bc.GetAsync(await Bc.AppTokenAsync(app), "Sandbox", "v2.0/companies")).AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials");
    }

    [Fact]
    public async Task MissingRouteRole_IsRejected_PerApi()
    {
        var apiOnly = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Sandbox", apiOnly, [BusinessCentralClient.D365Automation]);
        var apiToken = await Bc.AppTokenAsync(apiOnly);
        (await Bc.GetAsync(apiToken, "Sandbox", "v2.0/companies")).AssertStatus(HttpStatusCode.OK);
        (await Bc.GetAsync(apiToken, "Sandbox", $"{BusinessCentralClient.Automation}/companies")).AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials");

        var automationOnly = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        await Bc.RegisterAsync("Sandbox", automationOnly, [BusinessCentralClient.D365Automation]);
        var automationToken = await Bc.AppTokenAsync(automationOnly);
        (await Bc.GetAsync(automationToken, "Sandbox", $"{BusinessCentralClient.Automation}/companies")).AssertStatus(HttpStatusCode.OK);
        (await Bc.GetAsync(automationToken, "Sandbox", "v2.0/companies")).AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials");
    }

    [Fact]
    public async Task RegistrationCountsOnlyInItsEnvironment()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        var token = await Bc.AppTokenAsync(app);
        (await Bc.GetAsync(token, "Sandbox", "v2.0/companies")).AssertStatus(HttpStatusCode.OK);
        (await Bc.GetAsync(token, "Production", "v2.0/companies")).AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    public async Task MissingOrMalformedToken_IsRejected(string? token) =>
        (await Bc.GetAsync(token, "Sandbox", "v2.0/companies")).AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials");

    [Fact]
    public async Task GraphToken_IsRejected()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        var graphToken = (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, app.Secret, EmulatorClient.GraphDefault)).AccessToken;
        (await Bc.GetAsync(graphToken, "Sandbox", "v2.0/companies")).AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials");
    }

    [Fact]
    public async Task TenantInThePathMustBeTheTokensTenant()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        var token = await Bc.AppTokenAsync(app);
        var response = await Bc.ApiAsync(HttpMethod.Get, token, "Sandbox", "v2.0/companies", tenant: EmulatorClient.Fabrikam);
        response.AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials");
    }

    [Fact]
    public async Task TenantGuidDomainAndNoTenant_AllReachTheSameEnvironment()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        var token = await Bc.AppTokenAsync(app);
        var tenantId = (string)(await Emulator.SeedAsync())["tenants"]!.AsArray().Single(t => (string)t!["initialDomain"]! == EmulatorClient.Contoso)!["id"]!;

        (await Bc.ApiAsync(HttpMethod.Get, token, "Sandbox", "v2.0/companies", tenant: tenantId)).AssertStatus(HttpStatusCode.OK);
        (await Bc.ApiAsync(HttpMethod.Get, token, "Sandbox", "v2.0/companies", tenant: "contoso.com")).AssertStatus(HttpStatusCode.OK);
        (await Bc.SendAsync(HttpMethod.Get, $"{Host.BusinessCentralEndpoint}/v2.0/sandbox/api/v2.0/companies", token, null)).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UnknownEnvironment_IsNotFound_AndOneNotActive_IsUnavailable()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Preview", app, [BusinessCentralClient.D365Automation]);
        var token = await Bc.AppTokenAsync(app);
        (await Bc.GetAsync(token, "Staging", "v2.0/companies")).AssertODataError(HttpStatusCode.NotFound, "BadRequest_NotFound");
        (await Bc.GetAsync(token, "Preview", "v2.0/companies")).AssertODataError(HttpStatusCode.ServiceUnavailable, "Internal_EnvironmentNotActive");

        (await Bc.ControlAsync(HttpMethod.Patch, "environments/Preview", new { status = "Active" })).AssertStatus(HttpStatusCode.OK);
        (await Bc.GetAsync(token, "Preview", "v2.0/companies")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UserToken_WorksForBcUsers_AndIsRejectedForOthers()
    {
        var admin = await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com");
        var company = await Bc.CompanyIdAsync("Production");
        (await Bc.GetAsync(admin, "Production", $"{BusinessCentralClient.Automation}/companies({company})/users")).AssertStatus(HttpStatusCode.OK);

        var notABcUser = await Bc.UserTokenAsync("appdev@contoso.onmicrosoft.com");
        (await Bc.GetAsync(notABcUser, "Production", "v2.0/companies")).AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials");
    }
}
