using System.Net;
using ALOps.S2S.Emulator;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>Lifetimes against the emulator's own clock (<see cref="EmulatorOptions.Clock"/>).</summary>
public sealed class ClockTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alops-s2s-emulator-tests", Guid.NewGuid().ToString("N"));
    private EmulatorHost _host = null!;
    private EmulatorClient _emulator = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync(new EmulatorOptions { StateDirectory = _directory, CaDirectory = EmulatorFixture.SharedCaDirectory, Clock = _clock });
        _emulator = new EmulatorClient(_host, TrustedHttp.CreateClient(_host.CaCertificate));
    }

    [Fact]
    public async Task GraphRefusesAnExpiredToken()
    {
        var graph = new GraphClient(_host, _emulator);
        var token = await graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        (await graph.GetAsync(token, "applications")).AssertStatus(HttpStatusCode.OK);

        _clock.Advance(TimeSpan.FromMinutes(60 + 6));

        var response = await graph.GetAsync(token, "applications");
        response.AssertError(HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        Assert.Contains("expired", response.ErrorMessage);
    }

    [Fact]
    public async Task RefreshTokenExpires()
    {
        var signIn = await DeviceCodeFlow.SignInAsync(_emulator, "organizations", EmulatorClient.GraphDefault + " openid offline_access");
        _clock.Advance(TimeSpan.FromDays(91));
        (await _emulator.PostFormAsync("organizations", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = DeviceCodeFlow.PublicClientId,
            ["refresh_token"] = (string)signIn.Body["refresh_token"]!,
            ["scope"] = EmulatorClient.GraphDefault,
        })).AssertError(HttpStatusCode.BadRequest, "invalid_grant", 700082);
    }

    [Fact]
    public async Task SecretStartingInTheFuture_IsNotYetValid()
    {
        var app = await _emulator.CreateAppAsync(EmulatorClient.Contoso, new
        {
            displayName = "Future secret",
            passwordCredentials = new[] { new { secretText = "later", startDateTime = _clock.GetUtcNow().AddDays(1) } },
        });
        (await _emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "later")).AssertError(HttpStatusCode.Unauthorized, "invalid_client", 7000215);
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.NotNull((await _emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, app.AppId, "later")).AccessToken);
    }

    public async Task DisposeAsync()
    {
        _emulator.Dispose();
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
