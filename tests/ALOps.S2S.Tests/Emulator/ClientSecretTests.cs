using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>Client credentials with a secret, the access token's claims and the AADSTS errors around it.</summary>
public sealed class ClientSecretTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private const string Secret = "Qx8~secret-value_with+symbols/=";

    [Fact]
    public async Task SecretInBody_YieldsAnAppTokenWithTheGrantedBusinessCentralRoles()
    {
        var seed = await Emulator.SeedAsync();
        var contoso = seed["tenants"]![0]!;
        var app = await CreateAppAsync(bcRoles: ["API.ReadWrite.All", "Automation.ReadWrite.All"]);

        var claims = (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, Secret)).AccessTokenClaims;

        Assert.Equal("https://api.businesscentral.dynamics.com", (string?)claims["aud"]);
        Assert.Equal($"https://sts.windows.net/{(string)contoso["id"]!}/", (string?)claims["iss"]);
        Assert.Equal((string)contoso["id"]!, (string?)claims["tid"]);
        Assert.Equal(app.AppId, (string?)claims["appid"]);
        Assert.Equal(app.AppId, (string?)claims["azp"]);
        Assert.Equal(app.ServicePrincipalId, (string?)claims["oid"]);
        Assert.Equal(app.ServicePrincipalId, (string?)claims["sub"]);
        Assert.Equal("app", (string?)claims["idtyp"]);
        Assert.Equal("1.0", (string?)claims["ver"]);
        Assert.Equal(["API.ReadWrite.All", "Automation.ReadWrite.All"], Jwt.Strings(claims["roles"]).Order());
        Assert.False(claims.ContainsKey("scp"));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange((long)claims["exp"]!, now + 3000, now + 3700);
        Assert.InRange((long)claims["nbf"]!, now - 60, now + 5);
    }

    [Fact]
    public async Task SecretInHttpBasic_IsAccepted()
    {
        var app = await CreateAppAsync(graphRoles: ["Application.ReadWrite.All"]);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(app.AppId)}:{Uri.EscapeDataString(Secret)}"));
        var response = await Emulator.PostFormAsync(EmulatorClient.Contoso,
            new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = EmulatorClient.GraphDefault },
            authorization: new AuthenticationHeaderValue("Basic", basic));
        var claims = response.AccessTokenClaims;
        Assert.Equal("https://graph.microsoft.com", (string?)claims["aud"]);
        Assert.Equal(["Application.ReadWrite.All"], Jwt.Strings(claims["roles"]));
    }

    [Fact]
    public async Task TenantCanBeAddressedByGuidOrAnyDomain()
    {
        var app = await CreateAppAsync();
        var tenantId = (string)(await Emulator.SeedAsync())["tenants"]![0]!["id"]!;
        foreach (var tenant in new[] { tenantId, "contoso.onmicrosoft.com", "contoso.com", "CONTOSO.COM" })
            Assert.Equal(tenantId, (string?)(await Emulator.ClientCredentialsWithSecretAsync(tenant, app.AppId, Secret)).AccessTokenClaims["tid"]);
    }

    [Fact]
    public async Task AppWithoutGrantedRoles_GetsATokenWithoutRolesClaim()
    {
        var app = await CreateAppAsync();
        Assert.False((await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, Secret)).AccessTokenClaims.ContainsKey("roles"));
    }

    [Fact]
    public async Task WrongSecret_Is7000215()
    {
        var app = await CreateAppAsync();
        var response = await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "not-the-secret");
        response.AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000215);
        Assert.Contains($"not the client secret ID, for a secret added to app '{app.AppId}'.", (string)response.Body["error_description"]!);
    }

    [Fact]
    public async Task ExpiredSecret_Is7000222()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = "Expired",
            passwordCredentials = new[] { new { secretText = Secret, startDateTime = DateTimeOffset.UtcNow.AddYears(-2), endDateTime = DateTimeOffset.UtcNow.AddDays(-1) } },
        });
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, Secret)).AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000222);
    }

    [Fact]
    public async Task NoCredential_Is7000218()
    {
        var app = await CreateAppAsync();
        var response = await Emulator.PostFormAsync(EmulatorClient.Contoso, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = app.AppId, ["scope"] = EmulatorClient.BusinessCentralDefault,
        });
        response.AssertError(HttpStatusCode.BadRequest, "invalid_request", 7000218);
    }

    [Fact]
    public async Task UnknownClient_Is700016()
    {
        var response = await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, Guid.NewGuid().ToString(), Secret);
        response.AssertError(HttpStatusCode.BadRequest, "unauthorized_client", 700016);
    }

    [Fact]
    public async Task ClientOfAnotherTenant_Is700016()
    {
        var app = await CreateAppAsync();
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Fabrikam, app.AppId, Secret, EmulatorClient.GraphDefault))
            .AssertError(HttpStatusCode.BadRequest, "unauthorized_client", 700016);
    }

    [Theory]
    [InlineData("nosuchtenant.onmicrosoft.com", 90002)]
    [InlineData("00000000-0000-0000-0000-00000000beef", 90002)]
    [InlineData("not a tenant", 900023)]
    [InlineData("common", 9001023)]
    public async Task BadTenant_IsRejected(string tenant, int code)
    {
        var app = await CreateAppAsync();
        (await Emulator.ClientCredentialsWithSecretAsync(tenant, app.AppId, Secret)).AssertError(HttpStatusCode.BadRequest, "invalid_request", code);
    }

    [Fact]
    public async Task DisabledApp_Is7000112()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "Disabled", enabled = false, passwordCredentials = new[] { new { secretText = Secret } } });
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, Secret)).AssertError(HttpStatusCode.BadRequest, "unauthorized_client", 7000112);
    }

    [Fact]
    public async Task AppWithoutServicePrincipal_Is7000229()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Contoso, new { displayName = "No SP", createServicePrincipal = false, passwordCredentials = new[] { new { secretText = Secret } } });
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, Secret)).AssertError(HttpStatusCode.BadRequest, "invalid_client", 7000229);
    }

    [Fact]
    public async Task BusinessCentralInATenantWithoutIt_Is500011()
    {
        var app = await Emulator.CreateAppAsync(EmulatorClient.Fabrikam, new { displayName = "Fabrikam app", passwordCredentials = new[] { new { secretText = Secret } } });
        var response = await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Fabrikam, app.AppId, Secret, EmulatorClient.BusinessCentralDefault);
        response.AssertError(HttpStatusCode.BadRequest, "invalid_resource", 500011);
        Assert.Contains("https://api.businesscentral.dynamics.com", (string)response.Body["error_description"]!);
    }

    [Fact]
    public async Task ScopeWithoutDefault_Is1002012()
    {
        var app = await CreateAppAsync();
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, Secret, "https://api.businesscentral.dynamics.com/API.ReadWrite.All"))
            .AssertError(HttpStatusCode.BadRequest, "invalid_scope", 1002012);
    }

    [Fact]
    public async Task ScopesOfTwoResources_Are700022()
    {
        var app = await CreateAppAsync();
        (await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, Secret, EmulatorClient.GraphDefault + " " + EmulatorClient.BusinessCentralDefault))
            .AssertError(HttpStatusCode.BadRequest, "invalid_scope", 700022);
    }

    [Fact]
    public async Task MissingOrUnknownGrantType_IsRejected()
    {
        (await Emulator.PostFormAsync(EmulatorClient.Contoso, new Dictionary<string, string> { ["client_id"] = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "invalid_request", 900144);
        (await Emulator.PostFormAsync(EmulatorClient.Contoso, new Dictionary<string, string> { ["grant_type"] = "password" }))
            .AssertError(HttpStatusCode.BadRequest, "unsupported_grant_type", 70003);
    }

    [Fact]
    public async Task CorrelationId_IsTheClientRequestId()
    {
        var correlation = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Host.AuthorityHost}/{EmulatorClient.Contoso}/oauth2/v2.0/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = Guid.NewGuid().ToString(), ["client_secret"] = "x", ["scope"] = EmulatorClient.GraphDefault }),
        };
        request.Headers.Add("client-request-id", correlation);
        var response = await TokenResponse.ReadAsync(await Emulator.Http.SendAsync(request));
        Assert.Equal(correlation, (string?)response.Body["correlation_id"]);
    }

    private Task<SeededApp> CreateAppAsync(string[]? bcRoles = null, string[]? graphRoles = null) =>
        Emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = "Secret app",
            passwordCredentials = new[] { new { secretText = Secret } },
            bcRoles,
            graphRoles,
        });
}
