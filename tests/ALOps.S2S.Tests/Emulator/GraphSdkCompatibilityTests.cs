using ALOps.S2S.Tests.Emulator.Infrastructure;
using Microsoft.Graph;
using Microsoft.Graph.Applications.Item.AddPassword;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions.Authentication;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>The Microsoft Graph SDK (the product's Graph client) against the emulator's Graph host.</summary>
public sealed class GraphSdkCompatibilityTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    [Fact]
    public async Task TheSetupChain_ThroughTheGraphSdk()
    {
        var graph = await ClientAsync(GraphClient.ApplicationReadWriteAll, GraphClient.AppRoleAssignmentReadWriteAll);

        var created = await graph.Applications.PostAsync(new Application
        {
            DisplayName = "ALOps CI (SDK)",
            SignInAudience = "AzureADMyOrg",
            RequiredResourceAccess =
            [
                new RequiredResourceAccess
                {
                    ResourceAppId = GraphClient.BusinessCentralAppId,
                    ResourceAccess = [new ResourceAccess { Id = Guid.Parse("a42b0b75-311e-488d-b67e-8fe84f924341"), Type = "Role" }],
                },
            ],
        });
        Assert.NotNull(created?.AppId);

        var found = await graph.Applications.GetAsync(r => r.QueryParameters.Filter = "displayName eq 'ALOps CI (SDK)'");
        Assert.Equal(created!.Id, Assert.Single(found!.Value!).Id);
        var byAppId = await graph.ApplicationsWithAppId(created.AppId).GetAsync(r => r.QueryParameters.Select = ["id", "appId", "requiredResourceAccess"]);
        Assert.Equal(GraphClient.BusinessCentralAppId, byAppId!.RequiredResourceAccess!.Single().ResourceAppId);

        var secret = await graph.Applications[created.Id].AddPassword.PostAsync(new AddPasswordPostRequestBody
        {
            PasswordCredential = new PasswordCredential { DisplayName = "CI", EndDateTime = DateTimeOffset.UtcNow.AddDays(180) },
        });
        Assert.False(string.IsNullOrEmpty(secret!.SecretText));

        using var certificate = ClientAssertions.CreateCertificate();
        await graph.Applications[created.Id].PatchAsync(new Application
        {
            KeyCredentials = [new KeyCredential { Type = "AsymmetricX509Cert", Usage = "Verify", Key = certificate.RawData, DisplayName = "CN=sdk" }],
        });

        var federated = await graph.Applications[created.Id].FederatedIdentityCredentials.PostAsync(new FederatedIdentityCredential
        {
            Name = "github-main", Issuer = Host.TestIssuer, Subject = "repo:alops/s2s:ref:refs/heads/main", Audiences = ["api://AzureADTokenExchange"],
        });
        Assert.NotNull(federated?.Id);

        var sp = await graph.ServicePrincipals.PostAsync(new ServicePrincipal { AppId = created.AppId, Tags = ["WindowsAzureActiveDirectoryIntegratedApp"] });
        var bc = await graph.ServicePrincipalsWithAppId(GraphClient.BusinessCentralAppId).GetAsync(r => r.QueryParameters.Select = ["id", "appRoles"]);
        var role = bc!.AppRoles!.Single(r => r.Value == "API.ReadWrite.All");
        var assignment = await graph.ServicePrincipals[bc.Id].AppRoleAssignedTo.PostAsync(new AppRoleAssignment
        {
            PrincipalId = Guid.Parse(sp!.Id!), ResourceId = Guid.Parse(bc.Id!), AppRoleId = role.Id,
        });
        Assert.Equal("ServicePrincipal", assignment!.PrincipalType);

        var duplicate = await Assert.ThrowsAsync<ODataError>(() => graph.ServicePrincipals[bc.Id].AppRoleAssignedTo.PostAsync(new AppRoleAssignment
        {
            PrincipalId = Guid.Parse(sp.Id!), ResourceId = Guid.Parse(bc.Id!), AppRoleId = role.Id,
        }));
        Assert.Equal(400, duplicate.ResponseStatusCode);
        Assert.Equal("Request_BadRequest", duplicate.Error!.Code);

        var claims = (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, created.AppId!, secret.SecretText!)).AccessTokenClaims;
        Assert.Equal(["API.ReadWrite.All"], Jwt.Strings(claims["roles"]));

        var count = await graph.Applications.Count.GetAsync(r => r.Headers.Add("ConsistencyLevel", "eventual"));
        Assert.True(count >= 1);
    }

    [Fact]
    public async Task NotFound_IsAnODataErrorWithTheDirectoryCode()
    {
        var graph = await ClientAsync(GraphClient.ApplicationReadWriteAll);
        var failure = await Assert.ThrowsAsync<ODataError>(() => graph.Applications[Guid.NewGuid().ToString()].GetAsync());
        Assert.Equal(404, failure.ResponseStatusCode);
        Assert.Equal("Request_ResourceNotFound", failure.Error!.Code);
    }

    private async Task<GraphServiceClient> ClientAsync(params string[] roles)
    {
        var token = await new GraphClient(Host, Emulator).AppTokenAsync(roles);
        var provider = new BaseBearerTokenAuthenticationProvider(new StaticTokenProvider(token, new Uri(Host.GraphEndpoint).Host));
        return new GraphServiceClient(Emulator.Http, provider, Host.GraphEndpoint + "/v1.0");
    }

    private sealed class StaticTokenProvider(string token, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(token);
    }
}
