using System.Net;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>Graph checks the token (401), the app's roles, the user's scopes and directory roles (403).</summary>
public sealed class GraphAuthorizationTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private GraphClient Graph => new(Host, Emulator);

    [Fact]
    public async Task MissingOrForeignToken_Is401()
    {
        (await Graph.SendAsync(HttpMethod.Get, null, "applications", null)).AssertError(HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        (await Graph.GetAsync("not.a.token", "applications")).AssertError(HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");

        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "BC caller", passwordCredentials = new[] { new { secretText = "s" } } });
        var bcToken = (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "s", EmulatorClient.BusinessCentralDefault)).AccessToken;
        var response = await Graph.GetAsync(bcToken, "applications");
        response.AssertError(HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        Assert.Contains("Invalid audience", response.ErrorMessage);
    }

    [Fact]
    public async Task AppWithoutRoles_CannotReadOrWrite()
    {
        var token = await Graph.AppTokenAsync();
        (await Graph.GetAsync(token, "applications")).AssertError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
        var denied = await Graph.PostAsync(token, "applications", new { displayName = "x" });
        denied.AssertError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
        Assert.Equal("Insufficient privileges to complete the operation.", denied.ErrorMessage);
    }

    [Fact]
    public async Task AppWithApplicationReadWriteAllOnly_CannotGrant()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var (spId, bcSpId, roleId) = await ClientAsync(token);
        (await Graph.PostAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo", new { principalId = spId, resourceId = bcSpId, appRoleId = roleId }))
            .AssertError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    [Fact]
    public async Task OwnedByApp_ManagesOnlyItsOwnApplications()
    {
        var admin = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var foreign = await Graph.CreateApplicationAsync(admin, new { displayName = "Not mine" });
        var ownedBy = await Graph.AppTokenAsync("Application.ReadWrite.OwnedBy");
        var mine = await Graph.CreateApplicationAsync(ownedBy, new { displayName = "Mine" });

        (await Graph.PatchAsync(ownedBy, $"applications/{(string)mine["id"]!}", new { displayName = "Still mine" })).AssertStatus(HttpStatusCode.NoContent);
        (await Graph.PatchAsync(ownedBy, $"applications/{(string)foreign["id"]!}", new { displayName = "Taken" })).AssertError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    [Fact]
    public async Task GlobalAdministrator_CreatesAndGrants()
    {
        var token = await Graph.UserTokenAsync("admin@contoso.onmicrosoft.com");
        var (spId, bcSpId, roleId) = await ClientAsync(token);
        (await Graph.PostAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo", new { principalId = spId, resourceId = bcSpId, appRoleId = roleId }))
            .AssertStatus(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ApplicationDeveloper_CreatesAndManagesOwnApps_ButCannotGrant()
    {
        var token = await Graph.UserTokenAsync("appdev@contoso.onmicrosoft.com");
        var (spId, bcSpId, roleId) = await ClientAsync(token);
        var app = Assert.Single((await Graph.GetAsync(token, "applications?$filter=displayName eq 'Authorization client'")).Json!["value"]!.AsArray())!;
        (await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/addPassword", new { })).AssertStatus(HttpStatusCode.OK);
        (await Graph.PostAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo", new { principalId = spId, resourceId = bcSpId, appRoleId = roleId }))
            .AssertError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");

        var adminOwned = await Graph.CreateApplicationAsync(await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll), new { displayName = "Someone else's" });
        (await Graph.PostAsync(token, $"applications/{(string)adminOwned["id"]!}/addPassword", new { })).AssertError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    [Theory]
    [InlineData("user@contoso.onmicrosoft.com")]
    [InlineData("bcadmin@contoso.onmicrosoft.com")]
    public async Task UsersWithoutAnApplicationRole_ReadButCannotCreate(string user)
    {
        var token = await Graph.UserTokenAsync(user);
        (await Graph.GetAsync(token, "applications")).AssertStatus(HttpStatusCode.OK);
        (await Graph.PostAsync(token, "applications", new { displayName = "x" })).AssertError(HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    [Fact]
    public async Task UsersCanRegisterApplications_LetsAPlainUserCreate()
    {
        var token = await Graph.UserTokenAsync("user@contoso.onmicrosoft.com");
        await Emulator.PatchSettingsAsync(new { usersCanRegisterApplications = true });
        (await Graph.PostAsync(token, "applications", new { displayName = "Self service" })).AssertStatus(HttpStatusCode.Created);
    }

    private async Task<(string SpId, string BcSpId, string RoleId)> ClientAsync(string token)
    {
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Authorization client" });
        var sp = await Graph.CreateServicePrincipalAsync(token, (string)app["appId"]!);
        var bcSpId = await Graph.ServicePrincipalIdAsync(token, GraphClient.BusinessCentralAppId);
        return ((string)sp["id"]!, bcSpId, await Graph.BusinessCentralRoleIdAsync(token, "API.ReadWrite.All"));
    }
}
