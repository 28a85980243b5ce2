using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>One test per entra.* contract sample the emulator serves (conformance rule of contract-samples/README.md).</summary>
public sealed class IdentityConformanceTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    [Fact]
    public async Task ClientCredentialsWithSecret_ConformsTo_entra_token_client_credentials()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "Conformance secret", passwordCredentials = new[] { new { secretText = "conformance-secret" } } });
        var response = await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "conformance-secret", EmulatorClient.GraphDefault);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("entra.token.client-credentials.json"), response.Message);
        Assert.Equal("Bearer", (string?)response.Body["token_type"]);
        Assert.False(response.Body.ContainsKey("refresh_token"));
    }

    [Fact]
    public async Task ClientCredentialsWithCertificate_ConformsTo_entra_token_client_credentials_certificate()
    {
        using var certificate = ClientAssertions.CreateCertificate();
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "Conformance cert", keyCredentials = new[] { new { key = Convert.ToBase64String(certificate.RawData) } } });
        var assertion = ClientAssertions.Create(certificate, app.AppId, $"{Host.AuthorityHost}/{EmulatorClient.Contoso}/oauth2/v2.0/token");
        var response = await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, assertion, EmulatorClient.GraphDefault);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("entra.token.client-credentials.certificate.json"), response.Message);
    }

    [Fact]
    public async Task ClientCredentialsWithFederatedToken_ConformsTo_entra_token_client_credentials_federated()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = "Conformance federated",
            federatedIdentityCredentials = new[] { new { issuer = Host.TestIssuer, subject = "repo:alops/s2s:environment:ci", audiences = new[] { "api://AzureADTokenExchange" } } },
        });
        var external = await Emulator.TestIssuerTokenAsync("repo:alops/s2s:environment:ci");
        var response = await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, external, EmulatorClient.GraphDefault);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("entra.token.client-credentials.federated.json"), response.Message);
    }

    [Fact]
    public async Task InvalidScope_ConformsTo_entra_token_client_credentials_error()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "Conformance error", passwordCredentials = new[] { new { secretText = "s" } } });
        var response = await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "s", "https://foo.microsoft.com/.default");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("entra.token.client-credentials.error.json"), response.Message);
        response.AssertError(HttpStatusCode.BadRequest, "invalid_scope", 70011);
    }

    [Fact]
    public async Task ErrorBody_ConformsTo_entra_error_including_error_uri()
    {
        var response = await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, Guid.NewGuid().ToString(), "x", "https://example.contoso.com/.default");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("entra.error.json"), response.Message);
    }

    [Fact]
    public async Task DeviceCodeRedemption_ConformsTo_entra_token_device_code()
    {
        var response = await DeviceCodeSignInAsync(EmulatorClient.GraphDefault + " openid profile offline_access");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("entra.token.device-code.json"), response.Message);
    }

    [Fact]
    public async Task DeviceAuthorization_HasTheDocumentedFields_entra_devicecode()
    {
        // The doc gives a field table, not an example: check each field is present with its documented type.
        var response = await Emulator.PostFormAsync("organizations", DeviceCodeForm(EmulatorClient.GraphDefault + " openid profile offline_access"), "devicecode");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var fields = (JsonObject)ContractSample.Load("entra.devicecode.json").Document["documented_response_fields"]!;
        foreach (var (name, description) in fields)
        {
            var expectedKind = ((string)description!).StartsWith("int") ? System.Text.Json.JsonValueKind.Number : System.Text.Json.JsonValueKind.String;
            Assert.True(response.Body[name]?.GetValueKind() == expectedKind, $"{name}: {response.Body.ToJsonString()}");
        }
        Assert.False(response.Body.ContainsKey("verification_uri_complete"));
    }

    [Fact]
    public async Task RefreshRedemption_ConformsTo_entra_token_refresh()
    {
        var signIn = await DeviceCodeSignInAsync(EmulatorClient.GraphDefault + " openid profile offline_access");
        var response = await RefreshAsync((string)signIn.Body["refresh_token"]!, EmulatorClient.BusinessCentralDefault + " openid profile offline_access");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("entra.token.refresh.json"), response.Message);
    }

    [Fact]
    public async Task RefreshWithInvalidScope_ConformsTo_entra_token_refresh_error()
    {
        var signIn = await DeviceCodeSignInAsync(EmulatorClient.GraphDefault + " openid profile offline_access");
        var response = await RefreshAsync((string)signIn.Body["refresh_token"]!, "https://foo.microsoft.com/mail.read");
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("entra.token.refresh.error.json"), response.Message);
        response.AssertError(HttpStatusCode.BadRequest, "invalid_scope", 70011);
    }

    [Fact]
    public async Task DeviceCodePolling_UsesTheDocumentedErrorValues_entra_token_device_code_error()
    {
        await Emulator.PatchSettingsAsync(new { deviceCodeAutoApprove = false });
        var start = await Emulator.PostFormAsync("organizations", DeviceCodeForm(EmulatorClient.GraphDefault), "devicecode");
        var poll = await Emulator.PostFormAsync("organizations", PollForm((string)start.Body["device_code"]!), "token");
        var documented = ((JsonArray)ContractSample.Load("entra.token.device-code.error.json").Document["documented_errors"]!)
            .Select(e => (string)e!["error"]!).ToList();
        Assert.Contains((string)poll.Body["error"]!, documented);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("entra.error.json"), poll.Message);
    }

    [Fact]
    public async Task ImdsManagedIdentity_ConformsTo_entra_managed_identity_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"{Host.AuthorityHost}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://api.businesscentral.dynamics.com");
        request.Headers.Add("Metadata", "true");
        var response = await Emulator.Http.SendAsync(request);
        await ShapeConformance.AssertConformsAsync(ContractSample.Load("entra.managed-identity.token.json"), response);
    }

    private Task<TokenResponse> DeviceCodeSignInAsync(string scope) => DeviceCodeFlow.SignInAsync(Emulator, "organizations", scope);

    private Task<TokenResponse> RefreshAsync(string refreshToken, string scope) =>
        Emulator.PostFormAsync("organizations", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = DeviceCodeFlow.PublicClientId,
            ["refresh_token"] = refreshToken,
            ["scope"] = scope,
            ["client_info"] = "1",
        });

    private static Dictionary<string, string> DeviceCodeForm(string scope) => new() { ["client_id"] = DeviceCodeFlow.PublicClientId, ["scope"] = scope };

    private static Dictionary<string, string> PollForm(string deviceCode) => new()
    {
        ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
        ["client_id"] = DeviceCodeFlow.PublicClientId,
        ["device_code"] = deviceCode,
    };
}
