using ALOps.S2S.Emulator;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.BusinessCentral;

/// <summary>
/// A <c>rateLimit</c> fault counts the inner requests of a <c>$batch</c>, not the batch itself. The emulator runs on a
/// <see cref="ManualClock"/>, so the bucket refills only when the test says so.
/// </summary>
public sealed class ODataBatchRateLimitTests : IAsyncLifetime
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

    [Fact]
    public async Task EachInnerRequestTakesAToken_TheBatchItselfNone()
    {
        var bc = new BusinessCentralClient(_host, _emulator);
        var app = await bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        await bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        var token = await bc.AppTokenAsync(app);
        var company = await bc.CompanyIdAsync("Sandbox");
        await _emulator.SendAsync(HttpMethod.Put, "/control/faults", new { host = "bc", kind = "rateLimit", requestsPerSecond = 3 });

        var requests = Enumerable.Range(1, 5).Select(i => new { id = i.ToString(), method = "GET", url = $"companies({company})/users" }).ToArray();
        var responses = (await bc.BatchAsync(token, "Sandbox", BusinessCentralClient.Automation, requests)).Responses;

        Assert.Equal([200, 200, 200, 429, 429], responses.Select(r => (int)r["status"]!));
        Assert.All(responses.Skip(3), r =>
        {
            Assert.Equal("1", (string?)r["headers"]!["retry-after"]);
            Assert.Equal("Application_TooManyRequests", (string?)r["body"]!["error"]!["code"]);
        });
        var log = await _emulator.RequestLogAsync();
        Assert.Equal(2, log.Count(e => (string?)e!["fault"] == "rateLimit" && e["batch"] is not null));

        // The bucket is empty now, yet the next batch still gets through: only its inner requests are limited.
        var next = await bc.BatchAsync(token, "Sandbox", BusinessCentralClient.Automation, requests[0]);
        Assert.Equal(429, (int)next.Responses.Single()["status"]!);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (int)(await bc.BatchAsync(token, "Sandbox", BusinessCentralClient.Automation, requests[0])).Responses.Single()["status"]!);
    }
}
