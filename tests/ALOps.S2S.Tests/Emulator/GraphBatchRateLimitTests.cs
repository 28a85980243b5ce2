using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;
using static ALOps.S2S.Tests.Emulator.Infrastructure.GraphBatchClient;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>
/// A <c>rateLimit</c> fault counts the inner requests of a Graph JSON batch, not the batch itself. The emulator runs on
/// a <see cref="ManualClock"/>, so the bucket refills only when the test says so.
/// </summary>
public sealed class GraphBatchRateLimitTests : ManualClockEmulatorTest
{
    [Fact]
    public async Task EachInnerRequestTakesAToken_TheBatchItselfNone()
    {
        var token = await new GraphClient(Host, Emulator).AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var batches = new GraphBatchClient(Host, Emulator.Http);
        await Emulator.SendAsync(HttpMethod.Put, "/control/faults", new { host = "graph", kind = "rateLimit", requestsPerSecond = 3 });

        var requests = Enumerable.Range(1, 5).Select(i => Get(i.ToString(), "applications")).ToArray();
        var responses = (await batches.BatchAsync(token, requests)).Responses;

        Assert.Equal([200, 200, 200, 429, 429], responses.Select(r => (int)r["status"]!));
        Assert.All(responses.Skip(3), r =>
        {
            Assert.Equal("1", (string?)r["headers"]!["retry-after"]);
            Assert.Equal("TooManyRequests", (string?)r["body"]!["error"]!["code"]);
        });
        var log = await Emulator.RequestLogAsync();
        Assert.Equal(2, log.Count(e => (string?)e!["fault"] == "rateLimit" && e["batch"] is not null));
        Assert.DoesNotContain(log, e => (string?)e!["path"] == "/v1.0/$batch" && e["fault"] is not null);

        // The bucket is empty now, yet the next batch still gets through: only its inner requests are limited.
        Assert.Equal(429, (int)(await batches.BatchAsync(token, requests[0])).Responses.Single()["status"]!);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (int)(await batches.BatchAsync(token, requests[0])).Responses.Single()["status"]!);
    }
}
