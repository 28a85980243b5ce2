using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>Graph applications: create, read by id/appId/filter, $select, PATCH, credentials, delete — and the token endpoint sees it.</summary>
public sealed class GraphApplicationTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private GraphClient Graph => new(Host, Emulator);

    private static readonly object BusinessCentralAccess = new
    {
        resourceAppId = GraphClient.BusinessCentralAppId,
        resourceAccess = new[]
        {
            new { id = "a42b0b75-311e-488d-b67e-8fe84f924341", type = "Role" },
            new { id = "d365bc00-a990-0000-00bc-160000000001", type = "Role" },
        },
    };

    [Fact]
    public async Task CreatedApplication_IsFoundByIdAppIdAndExactDisplayName()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "ALOps CI", signInAudience = "AzureADMyOrg", requiredResourceAccess = new[] { BusinessCentralAccess } });
        var id = (string)app["id"]!;
        var appId = (string)app["appId"]!;
        Assert.Equal("AzureADMyOrg", (string?)app["signInAudience"]);
        Assert.Equal("contoso.onmicrosoft.com", (string?)app["publisherDomain"]);
        Assert.Empty(app["passwordCredentials"]!.AsArray());

        Assert.Equal(appId, (string?)(await Graph.GetAsync(token, $"applications/{id}")).Json!["appId"]);
        Assert.Equal(id, (string?)(await Graph.GetAsync(token, $"applications(appId='{appId}')")).Json!["id"]);
        var filtered = (await Graph.GetAsync(token, "applications?$filter=displayName eq 'alops ci'&$select=id,appId,displayName")).Json!["value"]!.AsArray();
        Assert.Equal(id, (string?)Assert.Single(filtered)!["id"]);
        Assert.Equal(["id", "appId", "displayName"], ((JsonObject)filtered[0]!).Select(p => p.Key));
        Assert.Equal(id, (string?)Assert.Single((await Graph.GetAsync(token, $"applications?$filter=appId eq '{appId}'")).Json!["value"]!.AsArray())!["id"]);

        var access = (await Graph.GetAsync(token, $"applications/{id}?$select=requiredResourceAccess")).Json!["requiredResourceAccess"]!.AsArray();
        Assert.Equal(GraphClient.BusinessCentralAppId, (string?)access.Single()!["resourceAppId"]);
        Assert.Equal(2, access.Single()!["resourceAccess"]!.AsArray().Count);
    }

    [Fact]
    public async Task PatchReplacesRequiredResourceAccessAndKeepsOtherProperties()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new
        {
            displayName = "Patched", web = new { redirectUris = new[] { "https://businesscentral.dynamics.com/OAuthLanding.htm" } },
            requiredResourceAccess = new[] { BusinessCentralAccess },
        });
        var id = (string)app["id"]!;
        var graphAccess = new { resourceAppId = "00000003-0000-0000-c000-000000000000", resourceAccess = new[] { new { id = "e1fe6dd8-ba31-4d61-89e7-88639da4683d", type = "Scope" } } };

        (await Graph.PatchAsync(token, $"applications/{id}", new { requiredResourceAccess = new[] { BusinessCentralAccess, graphAccess } })).AssertStatus(HttpStatusCode.NoContent);

        var after = (await Graph.GetAsync(token, $"applications/{id}")).Json!;
        Assert.Equal(2, after["requiredResourceAccess"]!.AsArray().Count);
        Assert.Equal("https://businesscentral.dynamics.com/OAuthLanding.htm", (string?)after["web"]!["redirectUris"]![0]);
        Assert.Equal("Patched", (string?)after["displayName"]);
    }

    [Theory]
    [InlineData("{\"passwordCredentials\":[]}")]
    [InlineData("{\"appId\":\"00000000-0000-0000-0000-000000000001\"}")]
    [InlineData("{\"noSuchProperty\":1}")]
    [InlineData("{\"signInAudience\":\"Everyone\"}")]
    [InlineData("{\"requiredResourceAccess\":[{\"resourceAppId\":\"x\",\"resourceAccess\":[]}]}")]
    public async Task InvalidPatch_IsRequestBadRequest(string body)
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Strict" });
        (await Graph.PatchAsync(token, $"applications/{(string)app["id"]!}", JsonNode.Parse(body)!)).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
    }

    [Fact]
    public async Task CreateWithoutDisplayName_IsRequestBadRequest()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        (await Graph.PostAsync(token, "applications", new { signInAudience = "AzureADMyOrg" })).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
    }

    [Fact]
    public async Task AddPassword_ReturnsTheSecretOnce_WhichTheTokenEndpointAccepts()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var (app, _) = await CreateWithServicePrincipalAsync(token, "With secret");
        var added = (await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/addPassword", new { passwordCredential = new { displayName = "CI" } })).Json!;
        var secret = (string)added["secretText"]!;
        var start = DateTimeOffset.Parse((string)added["startDateTime"]!);
        var end = DateTimeOffset.Parse((string)added["endDateTime"]!);
        Assert.InRange((end - start).TotalDays, 729, 731);
        Assert.Equal(secret[..3], (string?)added["hint"]);

        Assert.NotNull((await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, (string)app["appId"]!, secret)).AccessToken);
        var listed = (await Graph.GetAsync(token, $"applications/{(string)app["id"]!}")).Json!["passwordCredentials"]!.AsArray().Single()!;
        Assert.Null((string?)listed["secretText"]);
        Assert.DoesNotContain(secret, (await Emulator.RequestLogAsync()).ToJsonString());

        (await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/removePassword", new { keyId = (string)added["keyId"]! })).AssertStatus(HttpStatusCode.NoContent);
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, (string)app["appId"]!, secret)).AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000215);
    }

    [Fact]
    public async Task AddPasswordWithEndDate_AndAddressedByAppId()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Dated secret" });
        var end = DateTimeOffset.UtcNow.AddDays(180);
        var added = (await Graph.PostAsync(token, $"applications(appId='{(string)app["appId"]!}')/addPassword", new { passwordCredential = new { endDateTime = end } })).Json!;
        Assert.InRange(DateTimeOffset.Parse((string)added["endDateTime"]!), end.AddSeconds(-1), end.AddSeconds(1));
    }

    [Fact]
    public async Task PatchKeyCredentials_ReplacesTheCollection_AndTheCertificateSignsIn()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var (app, _) = await CreateWithServicePrincipalAsync(token, "With certificate");
        using var first = ClientAssertions.CreateCertificate("CN=first");
        using var second = ClientAssertions.CreateCertificate("CN=second");
        var id = (string)app["id"]!;
        var appId = (string)app["appId"]!;
        var audience = $"{Host.AuthorityHost}/{EmulatorClient.Contoso}/oauth2/v2.0/token";

        object Key(System.Security.Cryptography.X509Certificates.X509Certificate2 c) =>
            new { type = "AsymmetricX509Cert", usage = "Verify", key = Convert.ToBase64String(c.RawData), displayName = c.Subject };

        (await Graph.PatchAsync(token, $"applications/{id}", new { keyCredentials = new[] { Key(first) } })).AssertStatus(HttpStatusCode.NoContent);
        Assert.NotNull((await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, appId, ClientAssertions.Create(first, appId, audience))).AccessToken);

        // The key itself only comes back with $select=keyCredentials on the single object.
        Assert.Null((string?)(await Graph.GetAsync(token, $"applications/{id}")).Json!["keyCredentials"]![0]!["key"]);
        var withKeys = (await Graph.GetAsync(token, $"applications/{id}?$select=keyCredentials")).Json!["keyCredentials"]!.AsArray();
        Assert.Equal(Convert.ToBase64String(first.RawData), (string?)withKeys[0]!["key"]);

        (await Graph.PatchAsync(token, $"applications/{id}", new { keyCredentials = new[] { Key(second) } })).AssertStatus(HttpStatusCode.NoContent);
        Assert.Single((await Graph.GetAsync(token, $"applications/{id}")).Json!["keyCredentials"]!.AsArray());
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, appId, ClientAssertions.Create(first, appId, audience)))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 700027);
        Assert.NotNull((await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, appId, ClientAssertions.Create(second, appId, audience))).AccessToken);
    }

    [Fact]
    public async Task InvalidKeyCredential_IsRejected()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Bad key" });
        (await Graph.PatchAsync(token, $"applications/{(string)app["id"]!}", new { keyCredentials = new[] { new { type = "AsymmetricX509Cert", usage = "Verify", key = "bm90IGEgY2VydA==" } } }))
            .AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
    }

    [Fact]
    public async Task FederatedCredential_CreatedThroughGraph_ExchangesTheTestIssuersToken()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var (app, _) = await CreateWithServicePrincipalAsync(token, "Pipeline");
        var created = await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/federatedIdentityCredentials", new
        {
            name = "ado-sandbox", issuer = Host.TestIssuer, subject = "sc://alops/s2s/sandbox", audiences = new[] { "api://AzureADTokenExchange" }, description = "Azure DevOps",
        });
        created.AssertStatus(HttpStatusCode.Created);

        var external = await Emulator.TestIssuerTokenAsync("sc://alops/s2s/sandbox");
        Assert.NotNull((await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, (string)app["appId"]!, external)).AccessToken);

        var listed = (await Graph.GetAsync(token, $"applications/{(string)app["id"]!}/federatedIdentityCredentials")).Json!["value"]!.AsArray();
        Assert.Equal("ado-sandbox", (string?)Assert.Single(listed)!["name"]);

        (await Graph.DeleteAsync(token, $"applications/{(string)app["id"]!}/federatedIdentityCredentials/{(string)created.Json!["id"]!}")).AssertStatus(HttpStatusCode.NoContent);
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, (string)app["appId"]!, external)).AssertError(HttpStatusCode.BadRequest, "invalid_client", 70025);
    }

    [Fact]
    public async Task FederatedCredentialRules_AreEnforced()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Rules" });
        var path = $"applications/{(string)app["id"]!}/federatedIdentityCredentials";
        object Credential(string name, string subject, string audience = "api://AzureADTokenExchange", string? issuer = null) =>
            new { name, issuer = issuer ?? Host.TestIssuer, subject, audiences = new[] { audience } };

        (await Graph.PostAsync(token, path, Credential(new string('n', 121), "s"))).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
        (await Graph.PostAsync(token, path, Credential("has space", "s"))).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
        (await Graph.PostAsync(token, path, Credential("n", new string('s', 601)))).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
        (await Graph.PostAsync(token, path, Credential("n", "s", issuer: "https://example.com/" + new string('i', 600)))).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
        (await Graph.PostAsync(token, path, Credential("n", "s", audience: "api://other"))).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");

        (await Graph.PostAsync(token, path, Credential("first", "subject-0"))).AssertStatus(HttpStatusCode.Created);
        (await Graph.PostAsync(token, path, Credential("FIRST", "subject-x"))).AssertError(HttpStatusCode.Conflict, "Request_MultipleObjectsWithSameKeyValue");
        (await Graph.PostAsync(token, path, Credential("second", "subject-0"))).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");

        for (var i = 1; i < 20; i++) (await Graph.PostAsync(token, path, Credential($"c{i}", $"subject-{i}"))).AssertStatus(HttpStatusCode.Created);
        (await Graph.PostAsync(token, path, Credential("c20", "subject-20"))).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
    }

    [Fact]
    public async Task Delete_RemovesTheApplicationAndItsServicePrincipal()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var (app, sp) = await CreateWithServicePrincipalAsync(token, "Short lived");
        var secret = (string)(await Graph.PostAsync(token, $"applications/{(string)app["id"]!}/addPassword", new { })).Json!["secretText"]!;

        (await Graph.DeleteAsync(token, $"applications/{(string)app["id"]!}")).AssertStatus(HttpStatusCode.NoContent);

        (await Graph.GetAsync(token, $"applications/{(string)app["id"]!}")).AssertError(HttpStatusCode.NotFound, "Request_ResourceNotFound");
        (await Graph.GetAsync(token, $"servicePrincipals/{(string)sp["id"]!}")).AssertError(HttpStatusCode.NotFound, "Request_ResourceNotFound");
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, (string)app["appId"]!, secret)).AssertError(HttpStatusCode.BadRequest, "unauthorized_client", 700016);
    }

    [Fact]
    public async Task UnsupportedQueries_AreRefused()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        (await Graph.GetAsync(token, "applications?$filter=owners/$count eq 0", eventual: true)).AssertError(HttpStatusCode.BadRequest, "Request_UnsupportedQuery");
        (await Graph.GetAsync(token, "applications?$count=true")).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
        (await Graph.GetAsync(token, "applications?$select=noSuchProperty")).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
        (await Graph.GetAsync(token, "applications?$top=1000")).AssertError(HttpStatusCode.BadRequest, "Request_BadRequest");
        (await Graph.GetAsync(token, "users")).AssertStatus(HttpStatusCode.BadRequest);
    }

    private async Task<(JsonObject App, JsonObject ServicePrincipal)> CreateWithServicePrincipalAsync(string token, string displayName)
    {
        var app = await Graph.CreateApplicationAsync(token, new { displayName, signInAudience = "AzureADMyOrg" });
        return (app, await Graph.CreateServicePrincipalAsync(token, (string)app["appId"]!));
    }
}
