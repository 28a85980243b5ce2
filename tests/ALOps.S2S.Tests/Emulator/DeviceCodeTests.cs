using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>The device code flow: auto-approval, manual approval, expiry, and what MSAL needs in the answer.</summary>
public sealed class DeviceCodeTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private const string UserScope = EmulatorClient.GraphDefault + " openid profile offline_access";

    [Fact]
    public async Task AutoApprovedSignIn_OnOrganizations_IsTheSeededAdminOfContoso()
    {
        var seed = await Emulator.SeedAsync();
        var contoso = seed["tenants"]![0]!;
        var admin = contoso["users"]!.AsArray().Single(u => (string)u!["userPrincipalName"]! == "admin@contoso.onmicrosoft.com")!;

        var response = await DeviceCodeFlow.SignInAsync(Emulator, "organizations", UserScope);

        var claims = response.AccessTokenClaims;
        Assert.Equal("user", (string?)claims["idtyp"]);
        Assert.Equal("admin@contoso.onmicrosoft.com", (string?)claims["upn"]);
        Assert.Equal("admin@contoso.onmicrosoft.com", (string?)claims["unique_name"]);
        Assert.Equal((string)admin["id"]!, (string?)claims["oid"]);
        Assert.Equal((string)contoso["id"]!, (string?)claims["tid"]);
        Assert.Equal(DeviceCodeFlow.PublicClientId, (string?)claims["appid"]);
        Assert.Equal("https://graph.microsoft.com", (string?)claims["aud"]);
        Assert.Equal(["AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "Directory.AccessAsUser.All"],
            ((string)claims["scp"]!).Split(' ').Order(StringComparer.Ordinal));
        Assert.Contains("62e90394-69f5-4237-9190-012177145e10", Jwt.Strings(claims["wids"]));
        Assert.False(claims.ContainsKey("roles"));

        Assert.Equal("Bearer", (string?)response.Body["token_type"]);
        Assert.IsType<int>((int)response.Body["expires_in"]!);
        Assert.IsType<int>((int)response.Body["ext_expires_in"]!);
        Assert.Contains("https://graph.microsoft.com/.default", (string)response.Body["scope"]!);
        Assert.False(string.IsNullOrEmpty((string?)response.Body["refresh_token"]));

        var idToken = Jwt.Payload((string)response.Body["id_token"]!);
        Assert.Equal(DeviceCodeFlow.PublicClientId, (string?)idToken["aud"]);
        Assert.Equal($"{Host.AuthorityHost}/{(string)contoso["id"]!}/v2.0", (string?)idToken["iss"]);
        Assert.Equal("2.0", (string?)idToken["ver"]);
        Assert.Equal("admin@contoso.onmicrosoft.com", (string?)idToken["preferred_username"]);
        foreach (var claim in new[] { "tid", "oid", "sub", "name", "iat", "nbf", "exp" }) Assert.True(idToken.ContainsKey(claim), claim);

        Base64Url.TryDecode((string)response.Body["client_info"]!, out var clientInfoBytes);
        var clientInfo = JsonNode.Parse(clientInfoBytes)!;
        Assert.Equal((string)admin["id"]!, (string?)clientInfo["uid"]);
        Assert.Equal((string)contoso["id"]!, (string?)clientInfo["utid"]);
    }

    [Fact]
    public async Task BusinessCentralScope_GivesTheDelegatedBusinessCentralScopes()
    {
        var claims = (await DeviceCodeFlow.SignInAsync(Emulator, EmulatorClient.Contoso, EmulatorClient.BusinessCentralDefault + " openid profile offline_access")).AccessTokenClaims;
        Assert.Equal("https://api.businesscentral.dynamics.com", (string?)claims["aud"]);
        Assert.Equal(["Financials.ReadWrite.All", "user_impersonation"], ((string)claims["scp"]!).Split(' ').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConfiguredUser_SignsIn()
    {
        await Emulator.PatchSettingsAsync(new { deviceCodeUser = "appdev@contoso.onmicrosoft.com" });
        var claims = (await DeviceCodeFlow.SignInAsync(Emulator, "organizations", UserScope)).AccessTokenClaims;
        Assert.Equal("appdev@contoso.onmicrosoft.com", (string?)claims["upn"]);
        Assert.Contains("cf1c38e5-3621-4004-a7cb-879624dced7c", Jwt.Strings(claims["wids"]));
    }

    [Fact]
    public async Task WithoutAutoApprove_PollingIsPendingUntilApproved()
    {
        await Emulator.PatchSettingsAsync(new { deviceCodeAutoApprove = false });
        var start = await DeviceCodeFlow.StartAsync(Emulator, "organizations", UserScope);
        var deviceCode = (string)start.Body["device_code"]!;

        (await DeviceCodeFlow.PollAsync(Emulator, "organizations", deviceCode)).AssertError(HttpStatusCode.BadRequest, "authorization_pending", 70016);

        await Emulator.SendAsync(HttpMethod.Post, "/control/devicecode/approve", new { userCode = (string)start.Body["user_code"]!, user = "user@contoso.onmicrosoft.com" });
        var claims = (await DeviceCodeFlow.PollAsync(Emulator, "organizations", deviceCode)).AccessTokenClaims;
        Assert.Equal("user@contoso.onmicrosoft.com", (string?)claims["upn"]);
        Assert.Equal([DirectoryRoleTemplates.MemberUser], Jwt.Strings(claims["wids"]));

        (await DeviceCodeFlow.PollAsync(Emulator, "organizations", deviceCode)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 90120);
    }

    [Fact]
    public async Task ExpiredDeviceCode_IsExpiredToken()
    {
        await Emulator.PatchSettingsAsync(new { deviceCodeAutoApprove = false, deviceCodeLifetimeSeconds = 1 });
        var start = await DeviceCodeFlow.StartAsync(Emulator, "organizations", UserScope);
        await Task.Delay(1200);
        (await DeviceCodeFlow.PollAsync(Emulator, "organizations", (string)start.Body["device_code"]!)).AssertError(HttpStatusCode.BadRequest, "expired_token", 70019);
    }

    [Fact]
    public async Task UnknownDeviceCode_IsBadVerificationCode()
    {
        (await DeviceCodeFlow.PollAsync(Emulator, "organizations", "no-such-code")).AssertError(HttpStatusCode.BadRequest, "bad_verification_code", 70018);
    }

    [Fact]
    public async Task UserOfAnotherTenant_CannotSignInToContoso()
    {
        await Emulator.PatchSettingsAsync(new { deviceCodeUser = "admin@fabrikam.onmicrosoft.com" });
        (await DeviceCodeFlow.SignInAsync(Emulator, EmulatorClient.Contoso, UserScope)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 50034);
    }

    [Fact]
    public async Task ConfidentialAppWithoutPublicClientFlows_Is7000218()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "Confidential", passwordCredentials = new[] { new { secretText = "s" } } });
        (await DeviceCodeFlow.SignInAsync(Emulator, EmulatorClient.Contoso, UserScope, app.AppId)).AssertError(HttpStatusCode.BadRequest, "invalid_request", 7000218);
    }

    [Fact]
    public async Task PublicClientWithoutConsent_Is65001()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "Public, no consent", publicClient = true });
        (await DeviceCodeFlow.SignInAsync(Emulator, EmulatorClient.Contoso, UserScope, app.AppId)).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 65001);
    }

    [Fact]
    public async Task DeviceCodeForUnknownClient_Is700016()
    {
        (await DeviceCodeFlow.StartAsync(Emulator, EmulatorClient.Contoso, UserScope, Guid.NewGuid().ToString()))
            .AssertError(HttpStatusCode.BadRequest, "unauthorized_client", 700016);
    }
}
