using ALOps.S2S.Tests.Emulator.Infrastructure;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>MSAL.NET (the product's real client) against the emulator, configured as a custom cloud.</summary>
public sealed class MsalCompatibilityTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private const string Secret = "msal-secret-value";

    [Fact]
    public async Task ConfidentialClient_WithSecret()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "MSAL secret", passwordCredentials = new[] { new { secretText = Secret } }, bcRoles = new[] { "API.ReadWrite.All" } });
        var client = Confidential(app.AppId).WithClientSecret(Secret).Build();
        var result = await client.AcquireTokenForClient([EmulatorClient.BusinessCentralDefault]).ExecuteAsync();
        Assert.Equal(["API.ReadWrite.All"], Jwt.Strings(Jwt.Payload(result.AccessToken)["roles"]));
        Assert.True(result.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(30));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConfidentialClient_WithCertificate(bool sendX5C)
    {
        using var certificate = ClientAssertions.CreateCertificate();
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "MSAL cert", keyCredentials = new[] { new { key = Convert.ToBase64String(certificate.RawData) } }, graphRoles = new[] { "Application.ReadWrite.All" } });
        var client = Confidential(app.AppId).WithCertificate(certificate, sendX5C).Build();
        var result = await client.AcquireTokenForClient([EmulatorClient.GraphDefault]).ExecuteAsync();
        Assert.Equal(["Application.ReadWrite.All"], Jwt.Strings(Jwt.Payload(result.AccessToken)["roles"]));
    }

    [Fact]
    public async Task ConfidentialClient_WithFederatedAssertion()
    {
        const string subject = "repo:alops/s2s:ref:refs/heads/main";
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = "MSAL federated",
            federatedIdentityCredentials = new[] { new { issuer = Host.TestIssuer, subject, audiences = new[] { "api://AzureADTokenExchange" } } },
            bcRoles = new[] { "Automation.ReadWrite.All" },
        });
        var client = Confidential(app.AppId).WithClientAssertion((AssertionRequestOptions _) => Emulator.TestIssuerTokenAsync(subject)).Build();
        var result = await client.AcquireTokenForClient([EmulatorClient.BusinessCentralDefault]).ExecuteAsync();
        Assert.Equal(["Automation.ReadWrite.All"], Jwt.Strings(Jwt.Payload(result.AccessToken)["roles"]));
    }

    [Fact]
    public async Task ConfidentialClient_WrongSecret_SurfacesTheAadstsCode()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "MSAL wrong", passwordCredentials = new[] { new { secretText = Secret } } });
        var client = Confidential(app.AppId).WithClientSecret("wrong").Build();
        var failure = await Assert.ThrowsAsync<MsalServiceException>(() => client.AcquireTokenForClient([EmulatorClient.BusinessCentralDefault]).ExecuteAsync());
        Assert.Equal("invalid_client", failure.ErrorCode);
        Assert.Contains("AADSTS7000215", failure.Message);
        Assert.Equal(401, failure.StatusCode);
    }

    [Fact]
    public async Task PublicClient_DeviceCodeForGraph_ThenSilentForBusinessCentral()
    {
        var client = Public("organizations");
        string? message = null;
        var graph = await client.AcquireTokenWithDeviceCode([EmulatorClient.GraphDefault], code =>
        {
            message = code.Message;
            return Task.CompletedTask;
        }).ExecuteAsync();

        Assert.NotNull(message);
        Assert.Equal("admin@contoso.onmicrosoft.com", graph.Account.Username);
        Assert.Equal("https://graph.microsoft.com", (string?)Jwt.Payload(graph.AccessToken)["aud"]);
        Assert.Equal((string?)Jwt.Payload(graph.AccessToken)["tid"], graph.TenantId);

        var businessCentral = await client.AcquireTokenSilent([EmulatorClient.BusinessCentralDefault], graph.Account).ExecuteAsync();
        Assert.Equal("https://api.businesscentral.dynamics.com", (string?)Jwt.Payload(businessCentral.AccessToken)["aud"]);
        Assert.Equal(TokenSource.IdentityProvider, businessCentral.AuthenticationResultMetadata.TokenSource);

        var again = await client.AcquireTokenSilent([EmulatorClient.GraphDefault], graph.Account).ExecuteAsync();
        Assert.Equal(TokenSource.Cache, again.AuthenticationResultMetadata.TokenSource);

        var log = await Emulator.RequestLogAsync();
        Assert.Contains(log, e => (string?)e!["grantType"] == "refresh_token" && (int)e["status"]! == 200);
    }

    [Fact]
    public async Task PublicClient_DeviceCode_WaitsForApproval()
    {
        await Emulator.PatchSettingsAsync(new { deviceCodeAutoApprove = false });
        var client = Public(EmulatorClient.Contoso);
        var result = await client.AcquireTokenWithDeviceCode([EmulatorClient.BusinessCentralDefault], async code =>
        {
            await Emulator.SendAsync(HttpMethod.Post, "/control/devicecode/approve", new { userCode = code.UserCode, user = "bcadmin@contoso.onmicrosoft.com" });
        }).ExecuteAsync();
        Assert.Equal("bcadmin@contoso.onmicrosoft.com", result.Account.Username);
    }

    [Fact]
    public async Task ManagedIdentity_AppServiceSource()
    {
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", Host.ManagedIdentityEndpoint);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", Host.ManagedIdentityHeader);
        try
        {
            var client = ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.SystemAssigned)
                .WithHttpClientFactory(new MsalHttpClientFactory(Emulator.Http))
                .Build();
            var result = await client.AcquireTokenForManagedIdentity("https://graph.microsoft.com").ExecuteAsync();
            Assert.Contains("Application.ReadWrite.All", Jwt.Strings(Jwt.Payload(result.AccessToken)["roles"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", null);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", null);
        }
    }

    private ConfidentialClientApplicationBuilder Confidential(string clientId) =>
        ConfidentialClientApplicationBuilder.Create(clientId)
            .WithAuthority($"{Host.AuthorityHost}/{EmulatorClient.Contoso}")
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new MsalHttpClientFactory(Emulator.Http));

    private IPublicClientApplication Public(string tenant) =>
        PublicClientApplicationBuilder.Create(DeviceCodeFlow.PublicClientId)
            .WithAuthority($"{Host.AuthorityHost}/{tenant}")
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new MsalHttpClientFactory(Emulator.Http))
            .Build();

    private sealed class MsalHttpClientFactory(HttpClient http) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => http;
    }
}
