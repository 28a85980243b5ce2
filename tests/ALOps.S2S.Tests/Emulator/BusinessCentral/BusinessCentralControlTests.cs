using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.BusinessCentral;

/// <summary>The Business Central control calls, the seeded BC world in /control/seed, reset and the request log.</summary>
public sealed class BusinessCentralControlTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private BusinessCentralClient Bc => new(Host, Emulator);

    [Fact]
    public async Task Seed_HasTheDocumentedEnvironmentsUsersAndPermissionSets()
    {
        var tenants = (await Emulator.SeedAsync())["tenants"]!.AsArray();
        var contoso = tenants.Single(t => (string)t!["initialDomain"]! == EmulatorClient.Contoso)!;
        var fabrikam = tenants.Single(t => (string)t!["initialDomain"]! == EmulatorClient.Fabrikam)!;
        Assert.Empty(fabrikam["environments"]!.AsArray());
        Assert.Empty(contoso["authorizedAadApps"]!.AsArray());

        var environments = contoso["environments"]!.AsArray();
        Assert.Equal(["Production:Production:Active", "Sandbox:Sandbox:Active", "Preview:Sandbox:Upgrading"],
            environments.Select(e => $"{e!["name"]}:{e["type"]}:{e["status"]}"));
        foreach (var environment in environments)
        {
            Assert.Equal("CRONUS International Ltd.", (string?)environment!["companies"]![0]!["name"]);
            Assert.Superset(new HashSet<string> { "D365 AUTOMATION", "EXTEN. MGT. - ADMIN", "D365 BASIC", "D365 READ", "SECURITY", "SUPER", "D365 BACKUP/RESTORE" },
                environment["permissionSets"]!.AsArray().Select(p => (string)p!).ToHashSet());
            var users = environment["users"]!.AsArray().ToDictionary(u => (string)u!["userName"]!, u => u!["permissionSets"]!.AsArray().Select(p => (string)p!).ToList());
            Assert.Equal(["SUPER"], users["ADMIN"]);
            Assert.Equal(["SUPER"], users["BCADMIN"]);
            Assert.Equal(["D365 BASIC"], users["USER"]);
            Assert.False(users.ContainsKey("APPDEV"));
            Assert.Empty(environment["entraApps"]!.AsArray());
        }
    }

    [Fact]
    public async Task RegisterThenUpdate_KeepsOneRowAndAddsPermissionSets()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        var created = await Bc.ControlAsync(HttpMethod.Post, "environments/Sandbox/entra-apps",
            new { clientId = app.AppId, description = "Pipeline", permissionSets = new[] { BusinessCentralClient.D365Automation } });
        created.AssertStatus(HttpStatusCode.Created);
        Assert.Equal("Enabled", (string?)created.Json!["state"]);

        var updated = await Bc.ControlAsync(HttpMethod.Post, "environments/Sandbox/entra-apps",
            new { clientId = app.AppId, description = "Pipeline 2", state = "Disabled", permissionSets = new[] { BusinessCentralClient.ExtensionManagement } });
        updated.AssertStatus(HttpStatusCode.OK);
        Assert.Equal((string?)created.Json["userSecurityId"], (string?)updated.Json!["userSecurityId"]);

        var rows = (await Bc.ControlAsync(HttpMethod.Get, "environments/Sandbox/entra-apps")).Json!.AsArray();
        var row = Assert.Single(rows)!;
        Assert.Equal("Pipeline 2", (string?)row["description"]);
        Assert.Equal("Disabled", (string?)row["state"]);
        Assert.Equal([BusinessCentralClient.D365Automation, BusinessCentralClient.ExtensionManagement], row["permissionSets"]!.AsArray().Select(p => (string)p!));
        Assert.Empty((await Bc.ControlAsync(HttpMethod.Get, "environments/Production/entra-apps")).Json!.AsArray());
    }

    [Theory]
    [InlineData("not-a-guid", "App", "Enabled", "D365 AUTOMATION", 400)]
    [InlineData(null, "", "Enabled", "D365 AUTOMATION", 400)]
    [InlineData(null, "123456789012345678901234567890123456789012345678901", "Enabled", "D365 AUTOMATION", 400)]
    [InlineData(null, "App", "Paused", "D365 AUTOMATION", 400)]
    [InlineData(null, "App", "Enabled", "SUPER", 400)]
    [InlineData(null, "App", "Enabled", "D365 NOTHING", 400)]
    [InlineData(null, "ADMIN", "Enabled", "D365 AUTOMATION", 409)]
    public async Task Register_RefusesBadInput(string? clientId, string description, string state, string permissionSet, int status)
    {
        var response = await Bc.ControlAsync(HttpMethod.Post, "environments/Sandbox/entra-apps",
            new { clientId = clientId ?? Guid.NewGuid().ToString(), description, state, permissionSets = new[] { permissionSet } });
        Assert.Equal(status, (int)response.Status);
        Assert.False(string.IsNullOrEmpty((string?)response.Json!["error"]));
    }

    [Fact]
    public async Task UnknownTenantEnvironmentOrApp_IsNotFound()
    {
        var body = new { clientId = Guid.NewGuid().ToString(), description = "App", permissionSets = Array.Empty<string>() };
        Assert.Equal(HttpStatusCode.NotFound, (await Bc.ControlAsync(HttpMethod.Post, "environments/Staging/entra-apps", body)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Bc.SendAsync(HttpMethod.Post, $"{Host.ControlEndpoint}/control/tenants/nowhere.example/environments/Sandbox/entra-apps", null, body)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Bc.ControlAsync(HttpMethod.Patch, $"environments/Sandbox/entra-apps/{Guid.NewGuid()}", new { state = "Enabled" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Bc.ControlAsync(HttpMethod.Delete, $"authorized-apps/{Guid.NewGuid()}")).Status);
    }

    [Fact]
    public async Task RemovePermissionSet_TakesRoleIdsWithASlash()
    {
        var app = await Bc.CreateAppAsync();
        await Bc.RegisterAsync("Sandbox", app, ["D365 BACKUP/RESTORE", BusinessCentralClient.D365Automation]);
        (await Bc.ControlAsync(HttpMethod.Delete, $"environments/Sandbox/entra-apps/{app.AppId}/permission-sets/{Uri.EscapeDataString("D365 BACKUP/RESTORE")}"))
            .AssertStatus(HttpStatusCode.NoContent);
        (await Bc.ControlAsync(HttpMethod.Delete, $"environments/Sandbox/entra-apps/{app.AppId}/permission-sets/{Uri.EscapeDataString("D365 BACKUP/RESTORE")}"))
            .AssertStatus(HttpStatusCode.NotFound);
        var row = (await Bc.ControlAsync(HttpMethod.Get, "environments/Sandbox/entra-apps")).Json!.AsArray().Single()!;
        Assert.Equal([BusinessCentralClient.D365Automation], row["permissionSets"]!.AsArray().Select(p => (string)p!));
    }

    [Fact]
    public async Task EnvironmentStatus_ChangesWhatTheAdminCenterLists()
    {
        (await Bc.ControlAsync(HttpMethod.Patch, "environments/Sandbox", new { status = "Paused" })).AssertStatus(HttpStatusCode.BadRequest);
        var changed = await Bc.ControlAsync(HttpMethod.Patch, "environments/Sandbox", new { status = "softdeleted" });
        Assert.Equal("SoftDeleted", (string?)changed.Json!["status"]);

        var list = await Bc.AdminAsync(HttpMethod.Get, await Bc.UserTokenAsync("admin@contoso.onmicrosoft.com"), "applications/BusinessCentral/environments");
        Assert.Equal("SoftDeleted", (string?)list.Items.Single(e => (string)e["name"]! == "Sandbox")["status"]);
    }

    [Fact]
    public async Task Reset_RestoresTheSeededBusinessCentral()
    {
        var app = await Bc.CreateAppAsync();
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        await Bc.ControlAsync(HttpMethod.Put, $"authorized-apps/{app.AppId}");
        await Bc.ControlAsync(HttpMethod.Patch, "environments/Preview", new { status = "Active" });

        await Emulator.ResetAsync();
        var contoso = (await Emulator.SeedAsync())["tenants"]!.AsArray().Single(t => (string)t!["initialDomain"]! == EmulatorClient.Contoso)!;
        Assert.Empty(contoso["authorizedAadApps"]!.AsArray());
        var environments = contoso["environments"]!.AsArray();
        Assert.All(environments, e => Assert.Empty(e!["entraApps"]!.AsArray()));
        Assert.All(environments, e => Assert.DoesNotContain(e!["users"]!.AsArray(), u => (string?)u!["applicationClientId"] == app.AppId));
        Assert.Equal("Upgrading", (string?)environments.Single(e => (string)e!["name"]! == "Preview")!["status"]);
    }

    [Fact]
    public async Task RequestLog_RecordsBusinessCentralCallsUnderBc_WithoutTheToken()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.ApiRole);
        await Bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        var token = await Bc.AppTokenAsync(app);
        await Emulator.SendAsync(HttpMethod.Delete, "/control/requests", null);
        await Bc.GetAsync(token, "Sandbox", "v2.0/companies");
        await Bc.AdminAsync(HttpMethod.Get, token, "applications/environments");

        var log = await Emulator.RequestLogAsync();
        Assert.Equal(["GET /v2.0/contoso.onmicrosoft.com/Sandbox/api/v2.0/companies 200", "GET /admin/v2.29/applications/environments 403"],
            log.Select(e => $"{e!["method"]} {e["path"]} {e["status"]}"));
        Assert.All(log, e => Assert.Equal("bc", (string?)e!["host"]));
        Assert.All(log, e => Assert.Equal(app.AppId, (string?)e!["clientId"]));
        Assert.DoesNotContain(token, log.ToJsonString());
        Assert.DoesNotContain(token.Split('.')[2], log.ToJsonString());
    }
}
