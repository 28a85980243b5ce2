using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.BusinessCentral;

/// <summary>One test per bc.* contract sample the emulator serves (conformance rule of contract-samples/README.md).</summary>
public sealed class BusinessCentralConformanceTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private BusinessCentralClient Bc => new(Host, Emulator);

    [Fact]
    public async Task AuthorizedAadAppsList_ConformsTo_bc_admin_authorizedAadApps_list()
    {
        var token = await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com");
        var consented = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        var notConsented = await Bc.CreateAppAsync();
        await Bc.AdminAsync(HttpMethod.Put, token, $"authorizedAadApps/{consented.AppId}");
        await Bc.AdminAsync(HttpMethod.Put, token, $"authorizedAadApps/{notConsented.AppId}");

        var response = await Bc.AdminAsync(HttpMethod.Get, token, "authorizedAadApps");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.admin.authorizedAadApps.list.json"), response.Message);
        Assert.IsType<JsonArray>(response.Json);
    }

    [Fact]
    public async Task Authorize_ConformsTo_bc_admin_authorizedAadApps_put()
    {
        var token = await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com");
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AdminCenterRole);
        var response = await Bc.AdminAsync(HttpMethod.Put, token, $"authorizedAadApps/{app.AppId}");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.admin.authorizedAadApps.put.json"), response.Message);
    }

    /// <summary>No response is documented: the emulator answers 204 (assumption) and the app leaves the list.</summary>
    [Fact]
    public async Task Remove_bc_admin_authorizedAadApps_delete_AnswersNoContent()
    {
        Assert.Null(ContractSample.Load("bc.admin.authorizedAadApps.delete.json").Response);
        var token = await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com");
        var app = await Bc.CreateAppAsync();
        await Bc.AdminAsync(HttpMethod.Put, token, $"authorizedAadApps/{app.AppId}");

        (await Bc.AdminAsync(HttpMethod.Delete, token, $"authorizedAadApps/{app.AppId}")).AssertStatus(HttpStatusCode.NoContent);
        var list = await Bc.AdminAsync(HttpMethod.Get, token, "authorizedAadApps");
        Assert.DoesNotContain(list.Json!.AsArray(), a => (string)a!["appId"]! == app.AppId);
    }

    [Fact]
    public async Task ManageableTenants_ConformsTo_bc_admin_authorizedAadApps_manageableTenants()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AdminCenterRole);
        await Bc.ControlAsync(HttpMethod.Put, $"authorized-apps/{app.AppId}");
        var response = await Bc.AdminAsync(HttpMethod.Get, await Bc.AppTokenAsync(app), "authorizedAadApps/manageableTenants");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.admin.authorizedAadApps.manageableTenants.json"), response.Message);
    }

    [Theory]
    [InlineData("applications/BusinessCentral/environments")]
    [InlineData("applications/environments")]
    public async Task EnvironmentList_ConformsTo_bc_admin_environments_list(string path)
    {
        var response = await Bc.AdminAsync(HttpMethod.Get, await Bc.UserTokenAsync("bcadmin@contoso.onmicrosoft.com"), path);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.admin.environments.list.json"), response.Message);
    }

    [Fact]
    public async Task EnvironmentGet_ConformsTo_bc_admin_environments_get()
    {
        var response = await Bc.AdminAsync(HttpMethod.Get, await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com"), "applications/BusinessCentral/environments/Sandbox");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.admin.environments.get.json"), response.Message);
    }

    /// <summary>Only the error code and target are documented (documented_error); the status is an assumption.</summary>
    [Fact]
    public async Task UnknownEnvironment_Matches_bc_admin_environments_get_error_not_found()
    {
        var documented = ContractSample.Load("bc.admin.environments.get.error-not-found.json").Document["documented_error"]!;
        var response = await Bc.AdminAsync(HttpMethod.Get, await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com"), "applications/BusinessCentral/environments/Staging");

        response.AssertAdminError(HttpStatusCode.NotFound, "EnvironmentNotFound");
        Assert.Equal((string)documented["code"]!, (string)response.Json!["code"]!, ignoreCase: true);
        Assert.Equal("BusinessCentral/Staging", (string?)response.Json["target"]);
    }

    /// <summary>The error schema's optional members (extensionData, clientError) are left out of the comparison.</summary>
    [Fact]
    public async Task AdminError_ConformsTo_bc_admin_error()
    {
        var sample = ContractSample.Load("bc.admin.error.json");
        var body = (JsonObject)sample.ResponseBody!;
        body.Remove("extensionData");
        body.Remove("clientError");
        var response = await Bc.AdminAsync(HttpMethod.Get, await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com"), "applications/Dynamics/environments");
        await ShapeConformance.AssertConformsAsync(sample, response.Message);
        response.AssertAdminError(HttpStatusCode.NotFound, "applicationTypeDoesNotExist");
    }

    [Fact]
    public async Task StandardCompanies_ConformsTo_bc_api_companies_list()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Production", app, [BusinessCentralClient.D365Automation]);
        var response = await Bc.GetAsync(await Bc.AppTokenAsync(app), "Production", "v2.0/companies");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.api.companies.list.json"), response.Message);
    }

    [Fact]
    public async Task BadRequest_ConformsTo_bc_api_error()
    {
        var token = await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com");
        var company = await Bc.CompanyIdAsync("Sandbox");
        var user = await Bc.UserSecurityIdAsync("Sandbox", "USER");
        var response = await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox",
            $"{BusinessCentralClient.Automation}/companies({company})/users({user})/userPermissions", new { roleId = "D365 NOTHING" });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.api.error.json"), response.Message);
    }

    [Fact]
    public async Task AutomationCompanies_ConformsTo_bc_automation_companies_list()
    {
        var (token, _) = await AutomationAppAsync();
        var response = await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.automation.companies.list.json"), response.Message);
    }

    [Fact]
    public async Task Extension_ConformsTo_bc_automation_extensions_get()
    {
        var (token, company) = await AutomationAppAsync();
        var list = await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/extensions");
        var packageId = (string)list.Items[0]["packageId"]!;
        var response = await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/extensions({packageId})");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.automation.extensions.get.json"), response.Message);
    }

    /// <summary>No collection example: each item must have the documented single-extension shape.</summary>
    [Fact]
    public async Task Extensions_ItemsConformTo_bc_automation_extensions_get()
    {
        Assert.Null(ContractSample.Load("bc.automation.extensions.list.json").Response);
        var (token, company) = await AutomationAppAsync();
        var response = await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/extensions");
        AssertItemsConform(response, "bc.automation.extensions.get.json");
    }

    [Fact]
    public async Task PermissionSets_ConformsTo_bc_automation_permissionSets_list()
    {
        var (token, company) = await AutomationAppAsync();
        var response = await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/permissionSets");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.automation.permissionSets.list.json"), response.Message);
    }

    [Fact]
    public async Task AssignPermissionSet_ConformsTo_bc_automation_userPermissions_create()
    {
        var (token, company) = await AutomationAppAsync();
        var user = await Bc.UserSecurityIdAsync("Sandbox", "USER");
        var response = await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox",
            $"{BusinessCentralClient.Automation}/companies({company})/users({user})/userPermissions", new { roleId = "D365 READ", company = "" });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.automation.userPermissions.create.json"), response.Message);
    }

    [Fact]
    public async Task RemovePermissionSet_ConformsTo_bc_automation_userPermissions_delete()
    {
        var (token, company) = await AutomationAppAsync();
        var user = await Bc.UserSecurityIdAsync("Sandbox", "USER");
        var path = $"{BusinessCentralClient.Automation}/companies({company})/users({user})/userPermissions";
        var created = await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox", path, new { roleId = "D365 READ" });
        var response = await Bc.ApiAsync(HttpMethod.Delete, token, "Sandbox", $"{path}({(string)created.Json!["id"]!})", ifMatch: "*");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.automation.userPermissions.delete.json"), response.Message);
    }

    [Fact]
    public async Task UserPermission_ConformsTo_bc_automation_userPermissions_get()
    {
        var (token, company) = await AutomationAppAsync();
        var user = await Bc.UserSecurityIdAsync("Sandbox", "ADMIN");
        var path = $"{BusinessCentralClient.Automation}/companies({company})/users({user})/userPermissions";
        var id = (string)(await Bc.GetAsync(token, "Sandbox", path)).Items[0]["id"]!;
        var response = await Bc.GetAsync(token, "Sandbox", $"{path}({id})");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.automation.userPermissions.get.json"), response.Message);
    }

    /// <summary>No collection example: each item must have the documented single-userPermission shape.</summary>
    [Fact]
    public async Task UserPermissions_ItemsConformTo_bc_automation_userPermissions_get()
    {
        Assert.Null(ContractSample.Load("bc.automation.userPermissions.list.json").Response);
        var (token, company) = await AutomationAppAsync();
        var user = await Bc.UserSecurityIdAsync("Sandbox", "ADMIN");
        var response = await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users({user})/userPermissions");
        AssertItemsConform(response, "bc.automation.userPermissions.get.json");
    }

    [Fact]
    public async Task User_ConformsTo_bc_automation_users_get()
    {
        var (token, company) = await AutomationAppAsync();
        var user = await Bc.UserSecurityIdAsync("Sandbox", "BCADMIN");
        var response = await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users({user})");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("bc.automation.users.get.json"), response.Message);
    }

    /// <summary>No collection example: each item (people and the application user) must have the documented user shape.</summary>
    [Fact]
    public async Task Users_ItemsConformTo_bc_automation_users_get()
    {
        Assert.Null(ContractSample.Load("bc.automation.users.list.json").Response);
        var (token, company) = await AutomationAppAsync();
        var response = await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users");
        AssertItemsConform(response, "bc.automation.users.get.json");
    }

    /// <summary>The documented S2S token request; its answer has the shape of entra.token.client-credentials, audience BC.</summary>
    [Fact]
    public async Task TokenRequest_bc_token_client_credentials_YieldsBusinessCentralToken()
    {
        var sample = ContractSample.Load("bc.token.client-credentials.json");
        var scope = (string)sample.Document["request"]!["body"]!["scope"]!;
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        var token = await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, app.Secret, scope);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("entra.token.client-credentials.json"), token.Message);
        Assert.Equal("https://api.businesscentral.dynamics.com", (string?)token.AccessTokenClaims["aud"]);
    }

    /// <summary>An app registered in Sandbox with the automation role, D365 AUTOMATION and EXTEN. MGT. - ADMIN.</summary>
    private async Task<(string Token, string CompanyId)> AutomationAppAsync()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation, BusinessCentralClient.ExtensionManagement]);
        var token = await Bc.AppTokenAsync(app);
        return (token, await Bc.CompanyIdAsync("Sandbox"));
    }

    private static void AssertItemsConform(BcResponse response, string sampleName)
    {
        response.AssertStatus(HttpStatusCode.OK);
        var documented = ContractSample.Load(sampleName).ResponseBody;
        Assert.NotEmpty(response.Items);
        var problems = new List<string>();
        foreach (var item in response.Items) ShapeConformance.Compare(documented, item, "$.value[]", problems);
        Assert.True(problems.Count == 0, $"{sampleName} items do not conform:\n  {string.Join("\n  ", problems)}\nBody: {response.Text}");
    }
}
