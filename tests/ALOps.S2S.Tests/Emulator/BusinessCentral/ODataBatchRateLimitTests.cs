using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.BusinessCentral;

/// <summary>
/// A <c>rateLimit</c> fault counts the inner requests of a <c>$batch</c>, not the batch itself. The emulator runs on a
/// <see cref="ManualClock"/>, so the bucket refills only when the test says so.
/// </summary>
public sealed class ODataBatchRateLimitTests : ManualClockEmulatorTest
{
    [Fact]
    public async Task EachInnerRequestTakesAToken_TheBatchItselfNone()
    {
        var bc = new BusinessCentralClient(Host, Emulator);
        var app = await bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        await bc.RegisterAsync("Sandbox", app, [BusinessCentralClient.D365Automation]);
        var token = await bc.AppTokenAsync(app);
        var company = await bc.CompanyIdAsync("Sandbox");
        await Emulator.SendAsync(HttpMethod.Put, "/control/faults", new { host = "bc", kind = "rateLimit", requestsPerSecond = 3 });

        var requests = Enumerable.Range(1, 5).Select(i => new { id = i.ToString(), method = "GET", url = $"companies({company})/users" }).ToArray();
        var responses = (await bc.BatchAsync(token, "Sandbox", BusinessCentralClient.Automation, requests)).Responses;

        Assert.Equal([200, 200, 200, 429, 429], responses.Select(r => (int)r["status"]!));
        Assert.All(responses.Skip(3), r =>
        {
            Assert.Equal("1", (string?)r["headers"]!["retry-after"]);
            Assert.Equal("Application_TooManyRequests", (string?)r["body"]!["error"]!["code"]);
        });
        var log = await Emulator.RequestLogAsync();
        Assert.Equal(2, log.Count(e => (string?)e!["fault"] == "rateLimit" && e["batch"] is not null));

        // The bucket is empty now, yet the next batch still gets through: only its inner requests are limited.
        var next = await bc.BatchAsync(token, "Sandbox", BusinessCentralClient.Automation, requests[0]);
        Assert.Equal(429, (int)next.Responses.Single()["status"]!);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (int)(await bc.BatchAsync(token, "Sandbox", BusinessCentralClient.Automation, requests[0])).Responses.Single()["status"]!);
    }
}
