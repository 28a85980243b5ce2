using System.Net;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>Refresh tokens: one sign-in, tokens for Graph and Business Central.</summary>
public sealed class RefreshTokenTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    [Fact]
    public async Task RefreshTokenFromAGraphSignIn_YieldsABusinessCentralToken()
    {
        var graph = await DeviceCodeFlow.SignInAsync(Emulator, "organizations", EmulatorClient.GraphDefault + " openid profile offline_access");
        var response = await RefreshAsync("organizations", (string)graph.Body["refresh_token"]!, EmulatorClient.BusinessCentralDefault + " openid profile offline_access");

        var claims = response.AccessTokenClaims;
        Assert.Equal("https://api.businesscentral.dynamics.com", (string?)claims["aud"]);
        Assert.Equal("admin@contoso.onmicrosoft.com", (string?)claims["upn"]);
        Assert.Contains("user_impersonation", ((string)claims["scp"]!).Split(' '));
        Assert.False(string.IsNullOrEmpty((string?)response.Body["refresh_token"]));
        Assert.False(string.IsNullOrEmpty((string?)response.Body["id_token"]));
        Assert.False(string.IsNullOrEmpty((string?)response.Body["client_info"]));

        var log = await Emulator.RequestLogAsync();
        Assert.Contains(log, e => (string?)e!["grantType"] == "refresh_token" && (int)e["status"]! == 200);
    }

    [Fact]
    public async Task RefreshOnTheTenantSpecificAuthority_Works()
    {
        var graph = await DeviceCodeFlow.SignInAsync(Emulator, "organizations", EmulatorClient.GraphDefault + " openid profile offline_access");
        var tenantId = (string)graph.AccessTokenClaims["tid"]!;
        Assert.NotNull((await RefreshAsync(tenantId, (string)graph.Body["refresh_token"]!, EmulatorClient.GraphDefault + " openid profile offline_access")).AccessToken);
    }

    [Fact]
    public async Task UnknownRefreshToken_IsInvalidGrant()
    {
        (await RefreshAsync("organizations", "1.Anot-a-real-token", EmulatorClient.GraphDefault)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 9002313);
    }

    [Fact]
    public async Task RefreshTokenPresentedToAnotherTenant_IsUserNotInTenant()
    {
        var graph = await DeviceCodeFlow.SignInAsync(Emulator, "organizations", EmulatorClient.GraphDefault + " openid profile offline_access");
        var response = await RefreshAsync(EmulatorClient.Fabrikam, (string)graph.Body["refresh_token"]!, EmulatorClient.GraphDefault);
        response.AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50020);
        Assert.Contains("User account 'admin@contoso.onmicrosoft.com' from identity provider 'https://sts.windows.net/", (string?)response.Body["error_description"]);
        Assert.Contains("does not exist in tenant 'Fabrikam'", (string?)response.Body["error_description"]);
    }

    [Fact]
    public async Task BusinessCentralForAFabrikamUser_Is500011()
    {
        await Emulator.PatchSettingsAsync(new { deviceCodeUser = "admin@fabrikam.onmicrosoft.com" });
        var graph = await DeviceCodeFlow.SignInAsync(Emulator, "organizations", EmulatorClient.GraphDefault + " openid profile offline_access");
        (await RefreshAsync("organizations", (string)graph.Body["refresh_token"]!, EmulatorClient.BusinessCentralDefault)).AssertError(HttpStatusCode.BadRequest, "invalid_resource", 500011);
    }

    [Fact]
    public async Task NoOfflineAccess_NoRefreshToken()
    {
        var response = await DeviceCodeFlow.SignInAsync(Emulator, "organizations", EmulatorClient.GraphDefault + " openid profile");
        Assert.False(response.Body.ContainsKey("refresh_token"));
        Assert.True(response.Body.ContainsKey("id_token"));
    }

    private Task<TokenResponse> RefreshAsync(string tenant, string refreshToken, string scope) =>
        Emulator.PostFormAsync(tenant, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = DeviceCodeFlow.PublicClientId,
            ["refresh_token"] = refreshToken,
            ["scope"] = scope,
            ["client_info"] = "1",
        });
}
