using System.Net;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>Client credentials with a certificate assertion (both documented header forms) and its failures.</summary>
public sealed class CertificateAssertionTests(EmulatorFixture fixture) : EmulatorTest(fixture), IDisposable
{
    private readonly X509Certificate2 _certificate = ClientAssertions.CreateCertificate();

    [Theory]
    [InlineData(ClientAssertions.Form.Ps256WithSha256Thumbprint)]
    [InlineData(ClientAssertions.Form.Rs256WithSha1Thumbprint)]
    public async Task BothDocumentedAssertionForms_AreAccepted(ClientAssertions.Form form)
    {
        var app = await CreateAppAsync(_certificate);
        var assertion = ClientAssertions.Create(_certificate, app.AppId, TokenEndpoint(EmulatorClient.Contoso), form);
        var claims = (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, assertion)).AccessTokenClaims;
        Assert.Equal(["API.ReadWrite.All"], Jwt.Strings(claims["roles"]));
        Assert.Equal("2", (string?)claims["appidacr"]);
    }

    [Fact]
    public async Task AudienceMayNameTheTenantByGuid()
    {
        var app = await CreateAppAsync(_certificate);
        var tenantId = (string)(await Emulator.SeedAsync())["tenants"]![0]!["id"]!;
        var assertion = ClientAssertions.Create(_certificate, app.AppId, TokenEndpoint(tenantId));
        Assert.NotNull((await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, assertion)).AccessToken);
    }

    [Fact]
    public async Task UnregisteredCertificate_Is700027()
    {
        var app = await CreateAppAsync(_certificate);
        using var other = ClientAssertions.CreateCertificate("CN=someone else");
        var assertion = ClientAssertions.Create(other, app.AppId, TokenEndpoint(EmulatorClient.Contoso));
        var response = await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, assertion);
        response.AssertError(HttpStatusCode.Unauthorized, "invalid_client", 700027);
        Assert.Contains("The key was not found.", (string)response.Body["error_description"]!);
    }

    [Fact]
    public async Task SignatureByAnotherKeyUnderTheRegisteredThumbprint_Is700027()
    {
        var app = await CreateAppAsync(_certificate);
        using var other = ClientAssertions.CreateCertificate();
        var forged = ClientAssertions.Create(other, app.AppId, TokenEndpoint(EmulatorClient.Contoso), ClientAssertions.Form.Rs256WithSha1Thumbprint);
        var genuine = ClientAssertions.Create(_certificate, app.AppId, TokenEndpoint(EmulatorClient.Contoso), ClientAssertions.Form.Rs256WithSha1Thumbprint);
        // Header and claims from the genuine assertion, signature from another key.
        var parts = genuine.Split('.');
        var tampered = $"{parts[0]}.{parts[1]}.{forged.Split('.')[2]}";
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, tampered)).AssertError(HttpStatusCode.Unauthorized, "invalid_client", 700027);
    }

    [Fact]
    public async Task ExpiredAssertion_Is700024()
    {
        var app = await CreateAppAsync(_certificate);
        var now = DateTimeOffset.UtcNow;
        var assertion = ClientAssertions.Create(_certificate, app.AppId, TokenEndpoint(EmulatorClient.Contoso), notBefore: now.AddMinutes(-30), expires: now.AddMinutes(-10));
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, assertion)).AssertError(HttpStatusCode.BadRequest, "invalid_client", 700024);
    }

    [Fact]
    public async Task AssertionExpiredWithinClockSkew_IsAccepted()
    {
        var app = await CreateAppAsync(_certificate);
        var now = DateTimeOffset.UtcNow;
        var assertion = ClientAssertions.Create(_certificate, app.AppId, TokenEndpoint(EmulatorClient.Contoso), notBefore: now.AddMinutes(-10), expires: now.AddMinutes(-2));
        Assert.NotNull((await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, assertion)).AccessToken);
    }

    [Fact]
    public async Task AssertionNotYetValid_Is700024()
    {
        var app = await CreateAppAsync(_certificate);
        var now = DateTimeOffset.UtcNow;
        var assertion = ClientAssertions.Create(_certificate, app.AppId, TokenEndpoint(EmulatorClient.Contoso), notBefore: now.AddMinutes(20), expires: now.AddMinutes(30));
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, assertion)).AssertError(HttpStatusCode.BadRequest, "invalid_client", 700024);
    }

    [Fact]
    public async Task ExpiredKeyCredential_Is700027()
    {
        var app = await CreateAppAsync(_certificate);
        await Emulator.SendAsync(HttpMethod.Post, $"/control/tenants/{EmulatorClient.Contoso}/apps/{app.AppId}/expire-credentials", null);
        var response = await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, ClientAssertions.Create(_certificate, app.AppId, TokenEndpoint(EmulatorClient.Contoso)));
        response.AssertError(HttpStatusCode.Unauthorized, "invalid_client", 700027);
        Assert.Contains("The key used is expired.", (string)response.Body["error_description"]!);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")]
    [InlineData("{host}/fabrikam.onmicrosoft.com/oauth2/v2.0/token")]
    [InlineData("{host}/contoso.onmicrosoft.com/oauth2/v2.0/authorize")]
    public async Task AudienceOtherThanThisTenantsTokenEndpoint_IsRejected(string audience)
    {
        var app = await CreateAppAsync(_certificate);
        var assertion = ClientAssertions.Create(_certificate, app.AppId, audience.Replace("{host}", Host.AuthorityHost));
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, assertion)).AssertError(HttpStatusCode.Unauthorized, "invalid_client", 50027);
    }

    [Fact]
    public async Task SubjectDifferentFromIssuer_Is50048()
    {
        var app = await CreateAppAsync(_certificate);
        var assertion = ClientAssertions.Create(_certificate, app.AppId, TokenEndpoint(EmulatorClient.Contoso), subject: Guid.NewGuid().ToString());
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, assertion)).AssertError(HttpStatusCode.BadRequest, "invalid_client", 50048);
    }

    [Fact]
    public async Task MalformedAssertion_Is50027()
    {
        var app = await CreateAppAsync(_certificate);
        (await Emulator.ClientCredentialsWithAssertionAsync(EmulatorClient.Contoso, app.AppId, "not.a-jwt")).AssertError(HttpStatusCode.BadRequest, "invalid_request", 50027);
    }

    public void Dispose() => _certificate.Dispose();

    private string TokenEndpoint(string tenant) => $"{Host.AuthorityHost}/{tenant}/oauth2/v2.0/token";

    private Task<SeededApp> CreateAppAsync(X509Certificate2 certificate) =>
        Emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = "Certificate app",
            keyCredentials = new[] { new { key = Convert.ToBase64String(certificate.RawData) } },
            bcRoles = new[] { "API.ReadWrite.All" },
        });
}
