using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.BusinessCentral;

/// <summary><c>$expand=userPermissions</c> on the automation users (CONTRACT.md "Business Central", setting <c>odataExpand</c>).</summary>
public sealed class UsersExpandTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private BusinessCentralClient Bc => new(Host, Emulator);

    [Fact]
    public async Task ExpandedUsers_EachHoldTheirUserPermissionsList()
    {
        var (token, company) = await AutomationAppAsync([BusinessCentralClient.D365Automation]);
        var users = $"{BusinessCentralClient.Automation}/companies({company})/users";
        var plain = await Bc.GetAsync(token, "Sandbox", users);
        var expanded = await Bc.GetAsync(token, "Sandbox", users + "?$expand=userPermissions");
        expanded.AssertStatus(HttpStatusCode.OK);
        Assert.Equal((string?)plain.Json!["@odata.context"], (string?)expanded.Json!["@odata.context"]);
        Assert.Equal(plain.Items.Count, expanded.Items.Count);

        foreach (var user in expanded.Items)
        {
            var id = (string)user["userSecurityId"]!;
            var permissions = await Bc.GetAsync(token, "Sandbox", $"{users}({id})/userPermissions");
            Assert.True(JsonNode.DeepEquals(permissions.Json!["value"], user["userPermissions"]), $"user {id}: {user["userPermissions"]}");
            Assert.All(user["userPermissions"]!.AsArray(), p => Assert.NotNull(p!["@odata.etag"]));

            var withoutExpansion = (JsonObject)user.DeepClone();
            withoutExpansion.Remove("userPermissions");
            Assert.True(JsonNode.DeepEquals(plain.Items.Single(u => (string?)u["userSecurityId"] == id), withoutExpansion));
        }
        Assert.Contains(expanded.Items, u => u["userPermissions"]!.AsArray().Any(p => (string?)p!["roleId"] == "SUPER"));
    }

    [Fact]
    public async Task ExpandedSingleUser_HoldsItsUserPermissions()
    {
        var (token, company) = await AutomationAppAsync([BusinessCentralClient.D365Automation]);
        var user = $"{BusinessCentralClient.Automation}/companies({company})/users({await Bc.UserSecurityIdAsync("Sandbox", "USER")})";
        var expanded = await Bc.GetAsync(token, "Sandbox", user + "?$expand=userPermissions");
        expanded.AssertStatus(HttpStatusCode.OK);
        Assert.EndsWith("/users/$entity", (string)expanded.Json!["@odata.context"]!);
        var permissions = await Bc.GetAsync(token, "Sandbox", user + "/userPermissions");
        Assert.True(JsonNode.DeepEquals(permissions.Json!["value"], expanded.Json["userPermissions"]));
        Assert.Equal("D365 BASIC", (string?)expanded.Json["userPermissions"]!.AsArray().Single()!["roleId"]);
    }

    [Fact]
    public async Task Expand_WithoutPermissionToReadPermissions_IsForbidden()
    {
        var (token, company) = await AutomationAppAsync([BusinessCentralClient.ExtensionManagement]);
        (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users?$expand=userPermissions"))
            .AssertODataError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    [Theory]
    [InlineData("permissionSets")]
    [InlineData("userPermissions,company")]
    [InlineData("UserPermissions")]
    public async Task ExpandOfAnUnknownNavigationProperty_IsBadRequest(string expand)
    {
        var (token, company) = await AutomationAppAsync([BusinessCentralClient.D365Automation]);
        var message = (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/companies({company})/users?$expand={expand}"))
            .AssertODataError(HttpStatusCode.BadRequest, "BadRequest");
        var unknown = expand.Split(',')[^1];
        Assert.StartsWith($"Could not find a property named '{unknown}' on type 'Microsoft.NAV.user'.", message);
    }

    [Theory]
    [InlineData("companies({company})?$expand=userPermissions")]
    [InlineData("companies({company})/permissionSets?$expand=userPermissions")]
    [InlineData("companies({company})/users?$select=userName")]
    [InlineData("companies({company})/users?$expand=userPermissions($select=roleId)")]
    public async Task OtherQueryOptions_StayNotImplemented(string path)
    {
        var (token, company) = await AutomationAppAsync([BusinessCentralClient.D365Automation]);
        (await Bc.GetAsync(token, "Sandbox", $"{BusinessCentralClient.Automation}/{path.Replace("{company}", company)}"))
            .AssertODataError(HttpStatusCode.NotImplemented, "Emulator_NotImplemented");
    }

    [Fact]
    public async Task ExpandSwitchedOff_IsNotImplemented()
    {
        var settings = (JsonObject)(await Emulator.GetJsonAsync("/control/settings"))!;
        Assert.True((bool)settings["odataExpand"]!);
        await Emulator.PatchSettingsAsync(new { odataExpand = false });
        var (token, company) = await AutomationAppAsync([BusinessCentralClient.D365Automation]);
        var users = $"{BusinessCentralClient.Automation}/companies({company})/users";
        (await Bc.GetAsync(token, "Sandbox", users + "?$expand=userPermissions")).AssertODataError(HttpStatusCode.NotImplemented, "Emulator_NotImplemented");
        (await Bc.GetAsync(token, "Sandbox", users)).AssertStatus(HttpStatusCode.OK);
    }

    private async Task<(string Token, string CompanyId)> AutomationAppAsync(string[] permissionSets)
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        await Bc.RegisterAsync("Sandbox", app, permissionSets);
        return (await Bc.AppTokenAsync(app), await Bc.CompanyIdAsync("Sandbox"));
    }
}
