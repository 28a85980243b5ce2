using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>OpenID configuration, signing keys (tokens verify against them) and MSAL instance discovery.</summary>
public sealed class DiscoveryTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    [Theory]
    [InlineData("contoso.onmicrosoft.com")]
    [InlineData("organizations")]
    public async Task OpenIdConfiguration_PointsAtTheEmulatorsEndpoints(string tenant)
    {
        var configuration = (await Emulator.Http.GetFromJsonAsync<JsonObject>($"{Host.AuthorityHost}/{tenant}/v2.0/.well-known/openid-configuration"))!;
        Assert.Equal($"{Host.AuthorityHost}/{tenant}/oauth2/v2.0/token", (string?)configuration["token_endpoint"]);
        Assert.Equal($"{Host.AuthorityHost}/{tenant}/oauth2/v2.0/devicecode", (string?)configuration["device_authorization_endpoint"]);
        Assert.EndsWith("/v2.0", (string)configuration["issuer"]!);
    }

    [Fact]
    public async Task UnknownTenant_IsInvalidTenant()
    {
        var response = await Emulator.Http.GetAsync($"{Host.AuthorityHost}/nosuch.onmicrosoft.com/v2.0/.well-known/openid-configuration");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_tenant", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
    }

    [Fact]
    public async Task AccessTokens_VerifyAgainstThePublishedKeys()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "Verify", passwordCredentials = new[] { new { secretText = "s" } } });
        var token = (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "s")).AccessToken;
        var keys = (await Emulator.Http.GetFromJsonAsync<JsonObject>($"{Host.AuthorityHost}/{EmulatorClient.Contoso}/discovery/v2.0/keys"))!;

        var header = Jwt.Header(token);
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.Equal((string?)header["kid"], (string?)header["x5t"]);
        var key = keys["keys"]!.AsArray().Single(k => (string)k!["kid"]! == (string)header["kid"]!)!;
        Base64Url.TryDecode((string)key["n"]!, out var modulus);
        Base64Url.TryDecode((string)key["e"]!, out var exponent);
        using var rsa = RSA.Create(new RSAParameters { Modulus = modulus, Exponent = exponent });
        var parts = token.Split('.');
        Base64Url.TryDecode(parts[2], out var signature);
        Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task InstanceDiscovery_AnswersForTheEmulatorHost()
    {
        var authorize = Uri.EscapeDataString($"{Host.AuthorityHost}/contoso.onmicrosoft.com/oauth2/v2.0/authorize");
        var answer = (await Emulator.Http.GetFromJsonAsync<JsonObject>($"{Host.AuthorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint={authorize}"))!;
        var host = new Uri(Host.AuthorityHost).Authority;
        Assert.Equal(host, (string?)answer["metadata"]![0]!["preferred_network"]);
    }
}
