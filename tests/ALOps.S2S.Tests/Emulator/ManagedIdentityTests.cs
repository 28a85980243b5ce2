using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>The App Service / Azure Automation managed identity endpoint.</summary>
public sealed class ManagedIdentityTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    [Fact]
    public async Task GraphToken_CarriesTheManagedIdentitysGraphRoles()
    {
        var seed = await Emulator.SeedAsync();
        var identity = seed["tenants"]![0]!["managedIdentity"]!;

        var (status, body) = await RequestAsync("https://graph.microsoft.com", Host.ManagedIdentityHeader);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", (string?)body["token_type"]);
        Assert.Equal("https://graph.microsoft.com", (string?)body["resource"]);
        Assert.Equal((string)identity["clientId"]!, (string?)body["client_id"]);
        var expiresOn = long.Parse((string)body["expires_on"]!);
        Assert.InRange(expiresOn, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3000, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3700);

        var claims = Jwt.Payload((string)body["access_token"]!);
        Assert.Equal((string)identity["servicePrincipalId"]!, (string?)claims["oid"]);
        Assert.Equal("app", (string?)claims["idtyp"]);
        Assert.Equal(["AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All"], Jwt.Strings(claims["roles"]).Order(StringComparer.Ordinal));

        var log = await Emulator.RequestLogAsync();
        Assert.Contains(log, e => (string?)e!["host"] == "msi" && (int)e["status"]! == 200);
    }

    [Fact]
    public async Task WrongOrMissingIdentityHeader_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await RequestAsync("https://graph.microsoft.com", "wrong")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RequestAsync("https://graph.microsoft.com", null)).Status);
    }

    [Fact]
    public async Task UnsupportedApiVersionOrMissingResource_Is400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await RequestAsync("https://graph.microsoft.com", Host.ManagedIdentityHeader, "2017-09-01")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await RequestAsync("", Host.ManagedIdentityHeader)).Status);
    }

    [Fact]
    public async Task UnknownResource_Is400WithTheAadstsMessage()
    {
        var (status, body) = await RequestAsync("https://nothing.example.com", Host.ManagedIdentityHeader);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("AADSTS", (string)body["message"]!);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> RequestAsync(string resource, string? header, string apiVersion = "2019-08-01")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Host.ManagedIdentityEndpoint}?resource={Uri.EscapeDataString(resource)}&api-version={apiVersion}");
        if (header is not null) request.Headers.Add("X-IDENTITY-HEADER", header);
        var response = await Emulator.Http.SendAsync(request);
        return (response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
