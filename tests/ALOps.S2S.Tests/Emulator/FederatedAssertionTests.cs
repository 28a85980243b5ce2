using System.Net.Http.Json;
using System.Net;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>Workload identity federation: an external (test issuer) token exchanged through a federatedIdentityCredential.</summary>
public sealed class FederatedAssertionTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private const string Subject = "sc://alops/s2s/bc-sandbox";

    [Fact]
    public async Task MatchingCredential_YieldsAnAppToken()
    {
        var app = await CreateAppAsync(Host.TestIssuer, Subject);
        var claims = (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, await Emulator.TestIssuerTokenAsync(Subject))).AccessTokenClaims;
        Assert.Equal(app.AppId, (string?)claims["appid"]);
        Assert.Equal(["Automation.ReadWrite.All"], Jwt.Strings(claims["roles"]));
    }

    [Fact]
    public async Task AppWithoutFederatedCredentials_Is70025()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "No FIC", passwordCredentials = new[] { new { secretText = "s" } } });
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, await Emulator.TestIssuerTokenAsync(Subject)))
            .AssertError(HttpStatusCode.BadRequest, "invalid_client", 70025);
    }

    [Fact]
    public async Task IssuerMismatch_Is700211()
    {
        var app = await CreateAppAsync("https://vstoken.dev.azure.com/00000000-0000-0000-0000-000000000001", Subject);
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, await Emulator.TestIssuerTokenAsync(Subject)))
            .AssertError(HttpStatusCode.BadRequest, "invalid_client", 700211);
    }

    [Fact]
    public async Task SubjectIsMatchedCaseSensitively_700213()
    {
        var app = await CreateAppAsync(Host.TestIssuer, Subject);
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, await Emulator.TestIssuerTokenAsync(Subject.ToUpperInvariant())))
            .AssertError(HttpStatusCode.BadRequest, "invalid_client", 700213);
    }

    [Fact]
    public async Task AudienceMismatch_Is700212()
    {
        var app = await CreateAppAsync(Host.TestIssuer, Subject);
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, await Emulator.TestIssuerTokenAsync(Subject, audience: "api://SomethingElse")))
            .AssertError(HttpStatusCode.BadRequest, "invalid_client", 700212);
    }

    [Fact]
    public async Task ExpiredExternalToken_Is700024()
    {
        var app = await CreateAppAsync(Host.TestIssuer, Subject);
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, await Emulator.TestIssuerTokenAsync(Subject, lifetimeSeconds: -600)))
            .AssertError(HttpStatusCode.BadRequest, "invalid_client", 700024);
    }

    [Fact]
    public async Task TamperedExternalToken_FailsSignatureValidation()
    {
        var app = await CreateAppAsync(Host.TestIssuer, Subject);
        var token = await Emulator.TestIssuerTokenAsync(Subject);
        var other = await Emulator.TestIssuerTokenAsync("someone-else");
        var tampered = string.Join('.', token.Split('.')[0], token.Split('.')[1], other.Split('.')[2]);
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, tampered))
            .AssertError(HttpStatusCode.Unauthorized, "invalid_client", 700027);
    }

    [Fact]
    public async Task TestIssuer_PublishesDiscoveryAndKeys()
    {
        var configuration = (await Emulator.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Host.TestIssuer + "/.well-known/openid-configuration"))!;
        Assert.Equal(Host.TestIssuer, (string?)configuration["issuer"]);
        var keys = (await Emulator.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>((string)configuration["jwks_uri"]!))!;
        var token = await Emulator.TestIssuerTokenAsync(Subject);
        Assert.Equal((string?)Jwt.Header(token)["kid"], (string?)keys["keys"]![0]!["kid"]);
        Assert.Equal(Host.TestIssuer, (string?)Jwt.Payload(token)["iss"]);
        Assert.Equal("api://AzureADTokenExchange", (string?)Jwt.Payload(token)["aud"]);
    }

    private Task<SeededApp> CreateAppAsync(string issuer, string subject) =>
        Emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = "Federated app",
            federatedIdentityCredentials = new[] { new { issuer, subject, audiences = new[] { "api://AzureADTokenExchange" } } },
            bcRoles = new[] { "Automation.ReadWrite.All" },
        });
}
