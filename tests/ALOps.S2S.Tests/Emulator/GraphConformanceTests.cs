using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>One test per graph.* contract sample the emulator serves (conformance rule of contract-samples/README.md).</summary>
public sealed class GraphConformanceTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private GraphClient Graph => new(Host, Emulator);

    [Fact]
    public async Task Create_ConformsTo_graph_applications_create()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        // samlMetadataUrl is documented as a string: give it one (it is writable); everything else as in the sample request.
        var response = await Graph.PostAsync(token, "applications", new { displayName = "Display name", samlMetadataUrl = "https://contoso.example/saml/metadata" });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.create.json"), response.Message);
    }

    [Fact]
    public async Task Get_ConformsTo_graph_applications_get()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        // verifiedPublisher and certification are set by Microsoft only: seed them through the control API.
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = "Certified app",
            signInAudience = "AzureADandPersonalMicrosoftAccount",
            graphProperties = new
            {
                samlMetadataUrl = "https://contoso.example/saml/metadata",
                verifiedPublisher = new { displayName = "Contoso", verifiedPublisherId = "1234567", addedDateTime = "2025-01-01T00:00:00Z" },
                certification = new
                {
                    isPublisherAttested = true, isCertifiedByMicrosoft = false, lastCertificationDateTime = "2025-01-02T00:00:00Z",
                    certificationExpirationDateTime = "2026-01-02T00:00:00Z", certificationDetailsUrl = "https://contoso.example/certification",
                },
            },
        });
        var response = await Graph.GetAsync(token, $"applications/{app.ObjectId}");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.get.json"), response.Message);
    }

    [Fact]
    public async Task GetByAppIdWithSelect_ConformsTo_graph_applications_get_by_appid_select()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new
        {
            displayName = "With permissions",
            requiredResourceAccess = new[] { new { resourceAppId = "00000003-0000-0000-c000-000000000000", resourceAccess = new[] { new { id = "e1fe6dd8-ba31-4d61-89e7-88639da4683d", type = "Scope" } } } },
        });
        var response = await Graph.GetAsync(token, $"applications(appId='{(string)app["appId"]!}')?$select=id,appId,displayName,requiredResourceAccess");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.get-by-appid-select.json"), response.Message);
        Assert.Equal(["@odata.context", "id", "appId", "displayName", "requiredResourceAccess"], ((JsonObject)response.Json!).Select(p => p.Key));
    }

    [Fact]
    public async Task List_ConformsTo_graph_applications_list()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await Graph.CreateApplicationAsync(token, new { displayName = "My app", identifierUris = new[] { "api://contoso-my-app" } });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.list.json"), (await Graph.GetAsync(token, "applications")).Message);
    }

    [Fact]
    public async Task FilterStartsWith_ConformsTo_graph_applications_list_filter_startswith()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await Graph.CreateApplicationAsync(token, new { displayName = "a" });
        var response = await Graph.GetAsync(token, "applications?$filter=startswith(displayName, 'a')&$count=true&$top=1&$orderby=displayName", eventual: true);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.list-filter-startswith.json"), response.Message);
    }

    [Fact]
    public async Task SearchCountSelect_ConformsTo_graph_applications_list_search_count_select()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await Graph.CreateApplicationAsync(token, new { displayName = "DotNetWeb-App" });
        var response = await Graph.GetAsync(token, "applications?$search=\"displayName:Web\"&$count=true&$select=appId,identifierUris,displayName,publisherDomain,signInAudience", eventual: true);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.list-search-count-select.json"), response.Message);
    }

    [Fact]
    public async Task Count_ConformsTo_graph_applications_count()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await Graph.CreateApplicationAsync(token, new { displayName = "Counted" });
        var response = await Graph.GetAsync(token, "applications/$count", eventual: true);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.count.json"), response.Message);
        var listed = (await Graph.GetAsync(token, "applications")).Json!["value"]!.AsArray().Count;
        Assert.Equal(listed.ToString(), response.Text);
    }

    [Fact]
    public async Task Update_ConformsTo_graph_applications_update()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Old name" });
        var response = await Graph.PatchAsync(token, $"applications/{(string)app["id"]!}", new { displayName = "New display name" });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.update.json"), response.Message);
    }

    [Fact]
    public async Task AddPassword_ConformsTo_graph_applications_addPassword()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "With secret" });
        var response = await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/addPassword", new { passwordCredential = new { displayName = "Password friendly name" } });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.addPassword.json"), response.Message);
    }

    [Fact]
    public async Task RemovePassword_ConformsTo_graph_applications_removePassword()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Secret to remove" });
        var added = await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/addPassword", new { });
        var response = await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/removePassword", new { keyId = (string)added.Json!["keyId"]! });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.removePassword.json"), response.Message);
    }

    [Fact]
    public async Task Delete_ConformsTo_graph_applications_delete()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "To delete" });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.delete.json"), (await Graph.DeleteAsync(token, $"applications/{(string)app["id"]!}")).Message);
    }

    [Fact]
    public async Task CreateFederatedCredential_ConformsTo_graph_applications_federatedIdentityCredentials_create()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Federated" });
        var response = await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/federatedIdentityCredentials/", new
        {
            name = "testing02", issuer = Host.TestIssuer, subject = "a7d388c3-5e3f-4959-ac7d-786b3383006a", audiences = new[] { "api://AzureADTokenExchange" },
        });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.federatedIdentityCredentials.create.json"), response.Message);
    }

    [Fact]
    public async Task ListFederatedCredentials_ConformsTo_graph_applications_federatedIdentityCredentials_list()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Federated list" });
        await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/federatedIdentityCredentials", new
        {
            name = "testing", issuer = Host.TestIssuer, subject = "subject-1", description = "a credential", audiences = new[] { "api://AzureADTokenExchange" },
        });
        var response = await Graph.GetAsync(token, $"applications/{(string)app["id"]!}/federatedIdentityCredentials/");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.federatedIdentityCredentials.list.json"), response.Message);
    }

    [Fact]
    public async Task CreateServicePrincipal_ConformsTo_graph_servicePrincipals_create()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "My App" });
        var response = await Graph.PostAsync(token, "servicePrincipals", new { appId = (string)app["appId"]! });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.servicePrincipals.create.json"), response.Message);
    }

    [Fact]
    public async Task GetServicePrincipal_ConformsTo_graph_servicePrincipals_get()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = "Published app",
            graphProperties = new { verifiedPublisher = new { displayName = "Contoso", verifiedPublisherId = "1234567", addedDateTime = "2025-01-01T00:00:00Z" } },
        });
        var response = await Graph.GetAsync(token, $"servicePrincipals/{app.ServicePrincipalId}");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.servicePrincipals.get.json"), response.Message);
    }

    [Fact]
    public async Task GetWithSelect_ConformsTo_graph_servicePrincipals_get_select_approles()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var graphSpId = await Graph.ServicePrincipalIdAsync(token, "00000003-0000-0000-c000-000000000000");
        var response = await Graph.GetAsync(token, $"servicePrincipals/{graphSpId}?$select=id,appId,displayName,appRoles,oauth2PermissionScopes");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.servicePrincipals.get-select-approles.json"), response.Message);
    }

    [Fact]
    public async Task GetByAppId_HasTheShapeOfTheSelectExample_graph_servicePrincipals_get_by_appid()
    {
        // No documented example: the sample points at get-select-approles for the shape.
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var response = await Graph.GetAsync(token, $"servicePrincipals(appId='{GraphClient.BusinessCentralAppId}')?$select=id,appRoles");
        response.AssertStatus(HttpStatusCode.OK);
        var documented = (JsonObject)ContractSample.Load("graph.servicePrincipals.get-select-approles.json").ResponseBody!;
        var problems = new List<string>();
        ShapeConformance.Compare(new JsonObject { ["id"] = "", ["appRoles"] = documented["appRoles"]!.DeepClone() }, response.Json, "$", problems);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task ListServicePrincipals_ConformsTo_graph_servicePrincipals_list()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.servicePrincipals.list.json"), (await Graph.GetAsync(token, "servicePrincipals")).Message);
    }

    [Fact]
    public async Task ServicePrincipalsStartsWith_ConformsTo_graph_servicePrincipals_list_filter_startswith()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var response = await Graph.GetAsync(token, "servicePrincipals?$filter=startswith(displayName, 'a')&$count=true&$top=1&$orderby=displayName", eventual: true);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.servicePrincipals.list-filter-startswith.json"), response.Message);
    }

    [Fact]
    public async Task Grant_ConformsTo_graph_servicePrincipals_appRoleAssignedTo_create()
    {
        var (token, clientSpId, bcSpId, roleId) = await GrantSetupAsync();
        var response = await Graph.PostAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo", new { principalId = clientSpId, resourceId = bcSpId, appRoleId = roleId });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.servicePrincipals.appRoleAssignedTo.create.json"), response.Message);
    }

    [Fact]
    public async Task ListGrants_ConformsTo_graph_servicePrincipals_appRoleAssignedTo_list()
    {
        var (token, clientSpId, bcSpId, roleId) = await GrantSetupAsync();
        await Graph.PostAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo", new { principalId = clientSpId, resourceId = bcSpId, appRoleId = roleId });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.servicePrincipals.appRoleAssignedTo.list.json"),
            (await Graph.GetAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo")).Message);
    }

    [Fact]
    public async Task Revoke_ConformsTo_graph_servicePrincipals_appRoleAssignedTo_delete()
    {
        var (token, clientSpId, bcSpId, roleId) = await GrantSetupAsync();
        var created = await Graph.PostAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo", new { principalId = clientSpId, resourceId = bcSpId, appRoleId = roleId });
        var response = await Graph.DeleteAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo/{(string)created.Json!["id"]!}");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.servicePrincipals.appRoleAssignedTo.delete.json"), response.Message);
    }

    [Fact]
    public async Task GrantThroughTheClient_ConformsTo_graph_servicePrincipals_appRoleAssignments_create()
    {
        var (token, clientSpId, bcSpId, roleId) = await GrantSetupAsync();
        var response = await Graph.PostAsync(token, $"servicePrincipals/{clientSpId}/appRoleAssignments", new { principalId = clientSpId, resourceId = bcSpId, appRoleId = roleId });
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.servicePrincipals.appRoleAssignments.create.json"), response.Message);
    }

    [Fact]
    public async Task DuplicateGrant_IsTheGraphErrorEnvelope_graph_servicePrincipals_appRoleAssignedTo_create_error_duplicate()
    {
        // Undocumented answer (assumption, CONTRACT.md): 400 Request_BadRequest in the generic error envelope.
        var (token, clientSpId, bcSpId, roleId) = await GrantSetupAsync();
        await Graph.PostAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo", new { principalId = clientSpId, resourceId = bcSpId, appRoleId = roleId });
        var response = await Graph.PostAsync(token, $"servicePrincipals/{bcSpId}/appRoleAssignedTo", new { principalId = clientSpId, resourceId = bcSpId, appRoleId = roleId });
        response.AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
        Assert.Equal("Permission being assigned already exists on the object.", response.ErrorMessage);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.error.json"), response.Message);
    }

    [Fact]
    public async Task NotFound_ConformsTo_graph_error()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var response = await Graph.GetAsync(token, $"applications/{Guid.NewGuid()}");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.error.json"), response.Message);
        response.AssertError(HttpStatusCode.NotFound, "Request_ResourceNotFound");
    }

    [Fact]
    public async Task FilterByDisplayName_HasTheListShape_graph_applications_list_filter_displayname_eq()
    {
        // No documented example: the sample names the collection shape of graph.applications.list.
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await Graph.CreateApplicationAsync(token, new { displayName = "ALOps CI" });
        await Graph.CreateApplicationAsync(token, new { displayName = "ALOps CI 2" });
        var response = await Graph.GetAsync(token, "applications?$filter=displayName eq 'ALOps CI'");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("graph.applications.list.json"), response.Message);
        Assert.Single(response.Json!["value"]!.AsArray());
        Assert.Empty((await Graph.GetAsync(token, "applications?$filter=displayName eq 'nothing like it'")).Json!["value"]!.AsArray());
    }

    private async Task<(string Token, string ClientSpId, string BcSpId, string RoleId)> GrantSetupAsync()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll, GraphClient.AppRoleAssignmentReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Fabrikam App" });
        var sp = await Graph.CreateServicePrincipalAsync(token, (string)app["appId"]!);
        var bcSpId = await Graph.ServicePrincipalIdAsync(token, GraphClient.BusinessCentralAppId);
        return (token, (string)sp["id"]!, bcSpId, await Graph.BusinessCentralRoleIdAsync(token, "API.ReadWrite.All"));
    }
}
