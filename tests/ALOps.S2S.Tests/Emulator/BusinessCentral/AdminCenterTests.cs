using System.Net;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.BusinessCentral;

/// <summary>
/// The Admin Center API: authorized apps only through a BC administrator's delegated token, environments for
/// administrators and for authorized apps holding AdminCenter.ReadWrite.All.
/// </summary>
public sealed class AdminCenterTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private BusinessCentralClient Bc => new(Host, Emulator);

    [Theory]
    [InlineData("admin@contoso.onmicrosoft.com")]
    [InlineData("bcadmin@contoso.onmicrosoft.com")]
    public async Task Administrators_ListAuthorizedApps(string user) =>
        (await Bc.AdminAsync(HttpMethod.Get, await Bc.UserTokenAsync(user), "authorizedAadApps")).AssertStatus(HttpStatusCode.OK);

    [Theory]
    [InlineData("user@contoso.onmicrosoft.com")]
    [InlineData("appdev@contoso.onmicrosoft.com")]
    public async Task OtherUsers_AreForbidden(string user)
    {
        var token = await Bc.UserTokenAsync(user);
        (await Bc.AdminAsync(HttpMethod.Get, token, "authorizedAadApps")).AssertAdminError(HttpStatusCode.Forbidden, "Forbidden");
        (await Bc.AdminAsync(HttpMethod.Put, token, $"authorizedAadApps/{Guid.NewGuid()}")).AssertAdminError(HttpStatusCode.Forbidden, "Forbidden");
        (await Bc.AdminAsync(HttpMethod.Get, token, "applications/BusinessCentral/environments")).AssertAdminError(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task AuthorizedAadApps_RefuseAppOnlyTokens_EvenOfAnAuthorizedAdminCenterApp()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AdminCenterRole);
        await Bc.ControlAsync(HttpMethod.Put, $"authorized-apps/{app.AppId}");
        var token = await Bc.AppTokenAsync(app);
        (await Bc.AdminAsync(HttpMethod.Get, token, "authorizedAadApps")).AssertAdminError(HttpStatusCode.Forbidden, "Forbidden");
        (await Bc.AdminAsync(HttpMethod.Put, token, $"authorizedAadApps/{Guid.NewGuid()}")).AssertAdminError(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task Authorize_IsIdempotent_AndReportsConsent()
    {
        var token = await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com");
        var consented = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        var notConsented = await Bc.CreateAppAsync();

        var first = await Bc.AdminAsync(HttpMethod.Put, token, $"authorizedAadApps/{consented.AppId}");
        var second = await Bc.AdminAsync(HttpMethod.Put, token, $"authorizedAadApps/{consented.AppId}");
        first.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(consented.AppId, (string?)first.Json!["appId"]);
        Assert.True((bool)first.Json["isAdminConsentGranted"]!);
        Assert.False((bool)(await Bc.AdminAsync(HttpMethod.Put, token, $"authorizedAadApps/{notConsented.AppId}")).Json!["isAdminConsentGranted"]!);

        var list = (await Bc.AdminAsync(HttpMethod.Get, token, "authorizedAadApps")).Json!.AsArray();
        Assert.Single(list, a => (string)a!["appId"]! == consented.AppId);
        Assert.Single(list, a => (string)a!["appId"]! == notConsented.AppId);
    }

    [Fact]
    public async Task Authorize_RefusesAClientIdThatIsNoGuid()
    {
        var response = await Bc.AdminAsync(HttpMethod.Put, await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com"), "authorizedAadApps/not-a-guid");
        response.AssertAdminError(HttpStatusCode.BadRequest, "EntityValidationFailed");
        Assert.Equal("appClientId", (string?)response.Json!["target"]);
    }

    [Fact]
    public async Task Environments_ListEveryEnvironmentWithItsStatus()
    {
        var response = await Bc.AdminAsync(HttpMethod.Get, await Bc.UserTokenAsync("bcadmin@contoso.onmicrosoft.com"), "applications/BusinessCentral/environments");
        var environments = response.Items.ToDictionary(e => (string)e["name"]!, e => ((string)e["type"]!, (string)e["status"]!));
        Assert.Equal(("Production", "Active"), environments["Production"]);
        Assert.Equal(("Sandbox", "Active"), environments["Sandbox"]);
        Assert.Equal(("Sandbox", "Upgrading"), environments["Preview"]);
        Assert.All(response.Items, e => Assert.StartsWith("https://businesscentral.dynamics.com/", (string)e["webClientLoginUrl"]!));
    }

    [Fact]
    public async Task AppOnlyEnvironments_NeedTheRoleAndTheAuthorization()
    {
        var withRole = await Bc.CreateAppAsync(BusinessCentralClient.AdminCenterRole);
        var token = await Bc.AppTokenAsync(withRole);
        (await Bc.AdminAsync(HttpMethod.Get, token, "applications/BusinessCentral/environments")).AssertAdminError(HttpStatusCode.Forbidden, "Forbidden");

        await Bc.ControlAsync(HttpMethod.Put, $"authorized-apps/{withRole.AppId}");
        (await Bc.AdminAsync(HttpMethod.Get, token, "applications/BusinessCentral/environments")).AssertStatus(HttpStatusCode.OK);

        var withoutRole = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        await Bc.ControlAsync(HttpMethod.Put, $"authorized-apps/{withoutRole.AppId}");
        (await Bc.AdminAsync(HttpMethod.Get, await Bc.AppTokenAsync(withoutRole), "applications/BusinessCentral/environments"))
            .AssertAdminError(HttpStatusCode.Forbidden, "Forbidden");

        (await Bc.ControlAsync(HttpMethod.Delete, $"authorized-apps/{withRole.AppId}")).AssertStatus(HttpStatusCode.NoContent);
        (await Bc.AdminAsync(HttpMethod.Get, token, "applications/BusinessCentral/environments")).AssertAdminError(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task ManageableTenants_IsForAuthorizedAppsOnly()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AdminCenterRole);
        var admin = await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com");
        await Bc.AdminAsync(HttpMethod.Put, admin, $"authorizedAadApps/{app.AppId}");
        (await Bc.AdminAsync(HttpMethod.Get, admin, "authorizedAadApps/manageableTenants")).AssertAdminError(HttpStatusCode.Forbidden, "Forbidden");

        var tenants = await Bc.AdminAsync(HttpMethod.Get, await Bc.AppTokenAsync(app), "authorizedAadApps/manageableTenants");
        var contoso = (string)(await Emulator.SeedAsync())["tenants"]!.AsArray().Single(t => (string)t!["initialDomain"]! == EmulatorClient.Contoso)!["id"]!;
        Assert.Equal([contoso], tenants.Items.Select(t => (string)t["entraTenantId"]!));
    }

    [Fact]
    public async Task Delete_AlsoWorksForAnAuthorizedAdminCenterApp()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AdminCenterRole);
        var other = await Bc.CreateAppAsync();
        await Bc.ControlAsync(HttpMethod.Put, $"authorized-apps/{app.AppId}");
        await Bc.ControlAsync(HttpMethod.Put, $"authorized-apps/{other.AppId}");
        (await Bc.AdminAsync(HttpMethod.Delete, await Bc.AppTokenAsync(app), $"authorizedAadApps/{other.AppId}")).AssertStatus(HttpStatusCode.NoContent);
        var seedApps = (await Emulator.SeedAsync())["tenants"]!.AsArray().Single(t => (string)t!["initialDomain"]! == EmulatorClient.Contoso)!["authorizedAadApps"]!.AsArray();
        Assert.Equal([app.AppId], seedApps.Select(a => (string)a!["appId"]!));
    }

    [Theory]
    [InlineData("v2.15")]
    [InlineData("V2.29")]
    public async Task AnyV2Version_IsServed(string version) =>
        (await Bc.AdminAsync(HttpMethod.Get, await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com"), "applications/environments", version)).AssertStatus(HttpStatusCode.OK);

    [Fact]
    public async Task OtherVersionsAndRoutes_AreNotFound()
    {
        var token = await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com");
        (await Bc.AdminAsync(HttpMethod.Get, token, "applications/environments", "v1.0")).AssertAdminError(HttpStatusCode.NotFound, "UnsupportedApiVersion");
        (await Bc.AdminAsync(HttpMethod.Get, token, "applications/BusinessCentral/environments/Production/apps")).AssertAdminError(HttpStatusCode.NotFound, "NotFound");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    public async Task MissingOrMalformedToken_IsUnauthorized(string? token) =>
        (await Bc.AdminAsync(HttpMethod.Get, token, "applications/environments")).AssertAdminError(HttpStatusCode.Unauthorized, "Unauthorized");

    [Fact]
    public async Task GraphToken_IsUnauthorized()
    {
        var graphToken = await new GraphClient(Host, Emulator).UserTokenAsync("admin@contoso.onmicrosoft.com");
        (await Bc.AdminAsync(HttpMethod.Get, graphToken, "authorizedAadApps")).AssertAdminError(HttpStatusCode.Unauthorized, "Unauthorized");
    }
}
