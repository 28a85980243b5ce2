using System.Net;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>Service principals and admin consent through appRoleAssignedTo: what Graph writes, tokens carry.</summary>
public sealed class GraphConsentTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private GraphClient Graph => new(Host, Emulator);

    [Fact]
    public async Task GrantedBusinessCentralRoles_AppearInTheAppsToken_AndRevokingRemovesThem()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll, GraphClient.AppRoleAssignmentReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "ALOps CI", signInAudience = "AzureADMyOrg" });
        var appId = (string)app["appId"]!;
        var sp = await Graph.CreateServicePrincipalAsync(token, appId);
        var secret = (string)(await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/addPassword", new { })).Json!["secretText"]!;
        var bcSpId = await Graph.ServicePrincipalIdAsync(token, GraphClient.BusinessCentralAppId);

        var ids = new List<string>();
        foreach (var role in new[] { "API.ReadWrite.All", "Automation.ReadWrite.All" })
        {
            var created = await Graph.PostAsync(token, $"servicePrincipals(appId='{GraphClient.BusinessCentralAppId}')/appRoleAssignedTo",
                new { principalId = (string)sp["id"]!, resourceId = bcSpId, appRoleId = await Graph.BusinessCentralRoleIdAsync(token, role) });
            created.AssertStatus(HttpStatusCode.Created);
            Assert.Equal("ServicePrincipal", (string?)created.Json!["principalType"]);
            Assert.Equal("Dynamics 365 Business Central", (string?)created.Json["resourceDisplayName"]);
            ids.Add((string)created.Json["id"]!);
        }

        var claims = (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, appId, secret)).AccessTokenClaims;
        Assert.Equal(["API.ReadWrite.All", "Automation.ReadWrite.All"], Jwt.Strings(claims["roles"]).Order(StringComparer.Ordinal));

        var listed = (await Graph.GetAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo")).Json!["value"]!.AsArray();
        Assert.Equal(2, listed.Count(a => (string)a!["principalId"]! == (string)sp["id"]!));
        var ofClient = (await Graph.GetAsync(token, $"servicePrincipals/{(string)sp["id"]!}/appRoleAssignments")).Json!["value"]!.AsArray();
        Assert.Equal(2, ofClient.Count);

        (await Graph.DeleteAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo/{ids[0]}")).AssertStatus(HttpStatusCode.NoContent);
        claims = (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, appId, secret)).AccessTokenClaims;
        Assert.Equal(["Automation.ReadWrite.All"], Jwt.Strings(claims["roles"]));
        (await Graph.DeleteAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo/{ids[0]}")).AssertError(HttpStatusCode.NotFound, "Request_ResourceNotFound");
    }

    [Fact]
    public async Task GrantErrors()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll, GraphClient.AppRoleAssignmentReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Grant errors" });
        var sp = await Graph.CreateServicePrincipalAsync(token, (string)app["appId"]!);
        var bcSpId = await Graph.ServicePrincipalIdAsync(token, GraphClient.BusinessCentralAppId);
        var path = $"servicePrincipals/{bcSpId}/appRoleAssignedTo";

        var unknownRole = await Graph.PostAsync(token, path, new { principalId = (string)sp["id"]!, resourceId = bcSpId, appRoleId = Guid.NewGuid() });
        unknownRole.AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
        Assert.StartsWith("Permission being assigned was not found on application", unknownRole.ErrorMessage);

        (await Graph.PostAsync(token, path, new { principalId = Guid.NewGuid(), resourceId = bcSpId, appRoleId = await Graph.BusinessCentralRoleIdAsync(token, "API.ReadWrite.All") }))
            .AssertError(HttpStatusCode.NotFound, "Request_ResourceNotFound");
        (await Graph.PostAsync(token, $"servicePrincipals/{Guid.NewGuid()}/appRoleAssignedTo", new { principalId = (string)sp["id"]!, resourceId = bcSpId, appRoleId = Guid.NewGuid() }))
            .AssertError(HttpStatusCode.NotFound, "Request_ResourceNotFound");
    }

    [Fact]
    public async Task ServicePrincipal_CreateGetFilterAndErrors()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "SP owner" });
        var appId = (string)app["appId"]!;
        var sp = await Graph.CreateServicePrincipalAsync(token, appId);
        Assert.Equal(appId, (string?)sp["appId"]);
        Assert.Equal("SP owner", (string?)sp["appDisplayName"]);
        Assert.Equal("Contoso", (string?)sp["publisherName"]);
        Assert.Contains(appId, sp["servicePrincipalNames"]!.AsArray().Select(n => (string)n!));

        Assert.Equal((string?)sp["id"], (string?)(await Graph.GetAsync(token, $"servicePrincipals(appId='{appId}')")).Json!["id"]);
        var filtered = (await Graph.GetAsync(token, $"servicePrincipals?$filter=appId eq '{appId}'&$select=id,appRoles")).Json!["value"]!.AsArray();
        Assert.Equal((string?)sp["id"], (string?)Assert.Single(filtered)!["id"]);

        (await Graph.PostAsync(token, "servicePrincipals", new { appId })).AssertError(HttpStatusCode.Conflict, "Request_MultipleObjectsWithSameKeyValue");
        var unknown = await Graph.PostAsync(token, "servicePrincipals", new { appId = Guid.NewGuid() });
        unknown.AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
        Assert.Equal("NoBackingApplicationObject", (string?)unknown.Json!["error"]!["details"]![0]!["code"]);
        (await Graph.GetAsync(token, $"servicePrincipals(appId='{Guid.NewGuid()}')")).AssertError(HttpStatusCode.NotFound, "Request_ResourceNotFound");
    }

    [Fact]
    public async Task BusinessCentralServicePrincipal_ExistsOnlyInContoso_WithTheRealRoleIds()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var roles = (await Graph.GetAsync(token, $"servicePrincipals(appId='{GraphClient.BusinessCentralAppId}')?$select=id,appRoles")).Json!["appRoles"]!.AsArray()
            .ToDictionary(r => (string)r!["value"]!, r => (string)r!["id"]!);
        Assert.Equal("a42b0b75-311e-488d-b67e-8fe84f924341", roles["API.ReadWrite.All"]);
        Assert.Equal("d365bc00-a990-0000-00bc-160000000001", roles["Automation.ReadWrite.All"]);
        Assert.Equal("a20fe46f-4f63-4666-8e0e-9b882d90b837", roles["AdminCenter.ReadWrite.All"]);

        var fabrikamApp = await Emulator.CreateAppAsync(EmulatorClient.Fabrikam, new { displayName = "Fabrikam operator", passwordCredentials = new[] { new { secretText = "s" } }, graphRoles = new[] { "Application.ReadWrite.All" } });
        var fabrikamToken = (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Fabrikam, fabrikamApp.AppId, "s", EmulatorClient.GraphDefault)).AccessToken;
        (await Graph.GetAsync(fabrikamToken, $"servicePrincipals(appId='{GraphClient.BusinessCentralAppId}')?$select=id,appRoles")).AssertError(HttpStatusCode.NotFound, "Request_ResourceNotFound");
    }

    [Fact]
    public async Task GraphCalls_AreInTheRequestLogUnderGraph()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await Graph.GetAsync(token, "applications");
        var entry = (await Emulator.RequestLogAsync()).Last()!;
        Assert.Equal("graph", (string?)entry["host"]);
        Assert.Equal("/v1.0/applications", (string?)entry["path"]);
        Assert.Equal(200, (int)entry["status"]!);
        Assert.DoesNotContain(token, (await Emulator.RequestLogAsync()).ToJsonString());
    }
}
