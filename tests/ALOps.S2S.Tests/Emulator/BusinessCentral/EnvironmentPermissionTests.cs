using System.Net;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.BusinessCentral;

/// <summary>What the caller's permission sets allow in an environment (403 Authorization_RequestDenied otherwise).</summary>
public sealed class EnvironmentPermissionTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private BusinessCentralClient Bc => new(Host, Emulator);

    [Fact]
    public async Task NoPermissionSet_CannotReadCompanies()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Sandbox", app, []);
        var message = (await Bc.GetAsync(await Bc.AppTokenAsync(app), "Sandbox", "v2.0/companies")).AssertODataError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
        Assert.StartsWith("You do not have the following permissions on TableData Company: Read.", message);
    }

    /// <summary>
    /// ALOps issue 763: listing extensions is a read of "Published Application", which D365 AUTOMATION grants (BCApps
    /// d365automation.permissionset.al); installing needs EXTEN. MGT. - ADMIN. A successful list proves nothing.
    /// </summary>
    [Fact]
    public async Task Extensions_AreListedWithD365Automation_ButInstallNeedsExtensionManagement()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        var token = await Bc.AppTokenAsync(app);
        var company = await Bc.CompanyIdAsync("Sandbox");
        var path = $"{BusinessCentralClient.Automation}/companies({company})/extensions";
        var extensions = await Bc.GetAsync(token, "Sandbox", path);
        extensions.AssertStatus(HttpStatusCode.OK);
        Assert.Contains(extensions.Items, e => (string?)e["displayName"] == "Base Application" && (bool)e["isInstalled"]!);
        var notInstalled = (string)extensions.Items.First(e => !(bool)e["isInstalled"]!)["packageId"]!;
        var install = $"{path}({notInstalled})/Microsoft.NAV.install";
        var installed = $"{path}({(string)extensions.Items.First(e => (bool)e["isInstalled"]!)["packageId"]!})/Microsoft.NAV.install";

        Assert.Contains("TableData NAV App Installed App: Insert.", (await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox", install, new { })).AssertODataError(HttpStatusCode.Forbidden, "Authorization_RequestDenied"));
        // Page 30002 checks the installed state before the permission: "already installed" even without the set.
        Assert.Contains("is already installed", (await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox", installed, new { })).AssertODataError(HttpStatusCode.BadRequest, "Application_DialogException"));

        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.ExtensionManagement]);
        (await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox", install, new { })).AssertStatus(HttpStatusCode.NoContent);
        Assert.Contains((await Bc.GetAsync(token, "Sandbox", path)).Items, e => (string?)e["packageId"] == notInstalled && (bool)e["isInstalled"]!);
        (await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox", $"{path}({notInstalled})/Microsoft.NAV.uninstall", new { })).AssertStatus(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task RemovedPermissionSet_IsForbiddenAgain()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation, BusinessCentralClient.ExtensionManagement]);
        var token = await Bc.AppTokenAsync(app);
        var company = await Bc.CompanyIdAsync("Sandbox");
        (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users")).AssertStatus(HttpStatusCode.OK);

        var role = Uri.EscapeDataString(BusinessCentralClient.D365Automation);
        (await Bc.ControlAsync(HttpMethod.Delete, $"environments/Sandbox/entra-apps/{app.AppId}/permission-sets/{role}")).AssertStatus(HttpStatusCode.NoContent);
        (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users")).AssertODataError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    /// <summary>The automation API needs D365 AUTOMATION (or SECURITY, SUPER) for every entity, companies included.</summary>
    [Fact]
    public async Task AutomationApiWithoutD365Automation_IsForbidden_WhileTheStandardApiWorks()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole, BusinessCentralClient.AutomationRole);
        await Bc.RegisterAsync("Production", app, [BusinessCentralClient.ExtensionManagement]);
        var token = await Bc.AppTokenAsync(app);
        (await Bc.GetAsync(token, "Production", "v2.0/companies")).AssertStatus(HttpStatusCode.OK);
        var message = (await Bc.GetAsync(token, "Production", $"{BusinessCentralClient.Automation}/companies")).AssertODataError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
        Assert.StartsWith("You do not have the following permissions on TableData Company: Read.", message);
    }

    [Fact]
    public async Task PlainUser_ReadsStandardCompanies_ButNoAutomationEntity()
    {
        var token = await Bc.UserTokenAsync("user@contoso.onmicrosoft.com");
        var company = await Bc.CompanyIdAsync("Sandbox");
        (await Bc.GetAsync(token, "Sandbox", "v2.0/companies")).AssertStatus(HttpStatusCode.OK);
        (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies")).AssertODataError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
        (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users")).AssertODataError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
        (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/permissionSets")).AssertODataError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    [Fact]
    public async Task AppWithD365Automation_AssignsAndRemovesPermissionSets()
    {
        var (token, company) = await RegisteredAutomationAppAsync([BusinessCentralClient.D365Automation]);
        var user = await Bc.UserSecurityIdAsync("Sandbox", "USER");
        var path = $"{BusinessCentralClient.Automation}/companies({company})/users({user})/userPermissions";

        var created = await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox", path, new { roleId = "d365 read" });
        created.AssertStatus(HttpStatusCode.Created);
        Assert.Equal("D365 READ", (string?)created.Json!["roleId"]);
        Assert.Equal("", (string?)created.Json["company"]);
        Assert.EndsWith($"/userPermissions({(string)created.Json["id"]!})", created.Message.Headers.Location!.ToString());
        Assert.Contains((await Bc.GetAsync(token, "Sandbox", path)).Items, p => (string?)p["roleId"] == "D365 READ");

        var entity = $"{path}({(string)created.Json["id"]!})";
        (await Bc.ApiAsync(HttpMethod.Delete, token, "Sandbox", entity)).AssertODataError(HttpStatusCode.BadRequest, "BadRequest");
        (await Bc.ApiAsync(HttpMethod.Delete, token, "Sandbox", entity, ifMatch: "W/\"JzE7Jw==\"")).AssertODataError(HttpStatusCode.PreconditionFailed, "Request_EntityChanged");
        (await Bc.ApiAsync(HttpMethod.Delete, token, "Sandbox", entity, ifMatch: (string)created.Json["@odata.etag"]!)).AssertStatus(HttpStatusCode.NoContent);
        (await Bc.GetAsync(token, "Sandbox", entity)).AssertODataError(HttpStatusCode.NotFound, "BadRequest_NotFound");
    }

    [Fact]
    public async Task AppWithoutD365Automation_MayNotAssignPermissionSets()
    {
        var (token, company) = await RegisteredAutomationAppAsync([BusinessCentralClient.ExtensionManagement]);
        var user = await Bc.UserSecurityIdAsync("Sandbox", "USER");
        var response = await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox",
            $"{BusinessCentralClient.Automation}/companies({company})/users({user})/userPermissions", new { roleId = "D365 READ" });
        Assert.Contains("TableData Access Control: Insert.", response.AssertODataError(HttpStatusCode.Forbidden, "Authorization_RequestDenied"));
    }

    [Fact]
    public async Task PlainUser_MayNotAssignPermissionSets_AndAnAdminMay()
    {
        var userToken = await Bc.UserTokenAsync("user@contoso.onmicrosoft.com");
        var company = await Bc.CompanyIdAsync("Sandbox");
        var user = await Bc.UserSecurityIdAsync("Sandbox", "USER");
        var path = $"{BusinessCentralClient.Automation}/companies({company})/users({user})/userPermissions";
        (await Bc.ApiAsync(HttpMethod.Post, userToken, "Sandbox", path, new { roleId = "D365 READ" })).AssertODataError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");

        var adminToken = await Bc.UserTokenAsync("bcadmin@contoso.onmicrosoft.com");
        (await Bc.ApiAsync(HttpMethod.Post, adminToken, "Sandbox", path, new { roleId = "D365 READ" })).AssertStatus(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Super_CannotBeAssignedToAnApplicationUser()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        var row = await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        var admin = await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com");
        var company = await Bc.CompanyIdAsync("Sandbox");
        var response = await Bc.ApiAsync(HttpMethod.Post, admin, "Sandbox",
            $"{BusinessCentralClient.Automation}/companies({company})/users({(string)row["userSecurityId"]!})/userPermissions", new { roleId = "SUPER" });
        Assert.Contains("SUPER", response.AssertODataError(HttpStatusCode.BadRequest, "Application_DialogException"));
    }

    [Fact]
    public async Task UnknownPermissionSet_IsABadRequestNamingIt()
    {
        var (token, company) = await RegisteredAutomationAppAsync([BusinessCentralClient.D365Automation]);
        var user = await Bc.UserSecurityIdAsync("Sandbox", "USER");
        var response = await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox",
            $"{BusinessCentralClient.Automation}/companies({company})/users({user})/userPermissions", new { roleId = "D365 EXTENSION MGT" });
        Assert.Contains("(D365 EXTENSION MGT)", response.AssertODataError(HttpStatusCode.BadRequest, "BadRequest_NotFound"));
    }

    [Fact]
    public async Task AssigningAHeldPermissionSetAgain_IsAConflict()
    {
        var (token, company) = await RegisteredAutomationAppAsync([BusinessCentralClient.D365Automation]);
        var user = await Bc.UserSecurityIdAsync("Sandbox", "USER");
        var response = await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox",
            $"{BusinessCentralClient.Automation}/companies({company})/users({user})/userPermissions", new { roleId = "D365 BASIC" });
        response.AssertODataError(HttpStatusCode.Conflict, "Internal_EntityWithSameKeyExists");
    }

    [Fact]
    public async Task UnknownCompanyOrUser_IsNotFound_AndQueryOptionsAreNotImplemented()
    {
        var (token, company) = await RegisteredAutomationAppAsync([BusinessCentralClient.D365Automation]);
        (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({Guid.NewGuid()})/users")).AssertODataError(HttpStatusCode.NotFound, "Internal_CompanyNotFound");
        (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users({Guid.NewGuid()})")).AssertODataError(HttpStatusCode.NotFound, "BadRequest_NotFound");
        (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users?$filter=userName eq 'USER'")).AssertODataError(HttpStatusCode.NotImplemented, "Emulator_NotImplemented");
        (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/salesOrders")).AssertODataError(HttpStatusCode.NotFound, "BadRequest_NotFound");
    }

    [Fact]
    public async Task ApplicationUser_IsListedUnderItsDescription()
    {
        var (token, company) = await RegisteredAutomationAppAsync([BusinessCentralClient.D365Automation], "ALOps pipeline");
        var users = await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users");
        // "User Name" is a Code field (upper case); the API's displayName is the Full Name, as typed.
        var appUser = users.Items.Single(u => (string?)u["userName"] == "ALOPS PIPELINE");
        Assert.Equal("ALOps pipeline", (string?)appUser["displayName"]);
        Assert.Equal("Enabled", (string?)appUser["state"]);
        var permissions = await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users({(string)appUser["userSecurityId"]!})/userPermissions");
        var permission = permissions.Items.Single();
        Assert.Equal(BusinessCentralClient.D365Automation, (string?)permission["roleId"]);
        Assert.Equal("", (string?)permission["company"]);
        Assert.Equal("System", (string?)permission["scope"]);
    }

    private async Task<(string Token, string CompanyId)> RegisteredAutomationAppAsync(string[] permissionSets, string? description = null)
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        await Bc.RegisterAsync("Sandbox", app, permissionSets, description: description);
        var token = await Bc.AppTokenAsync(app);
        return (token, await Bc.CompanyIdAsync("Sandbox"));
    }
}
