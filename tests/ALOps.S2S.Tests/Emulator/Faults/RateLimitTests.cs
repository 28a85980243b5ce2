using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Faults;

/// <summary>
/// Fault kind <c>rateLimit</c> (a token bucket per host and tenant) and the request log's <c>tenant</c>
/// (CONTRACT.md "Faults"). The emulator runs on a <see cref="ManualClock"/>, so refills happen only when the test
/// moves the clock.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alops-s2s-emulator-tests", Guid.NewGuid().ToString("N"));
    private EmulatorHost _host = null!;
    private EmulatorClient _emulator = null!;
    private string _contosoId = "";
    private string _fabrikamId = "";

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync(new EmulatorOptions { StateDirectory = _directory, CaDirectory = EmulatorFixture.SharedCaDirectory, Clock = _clock });
        _emulator = new EmulatorClient(_host, TrustedHttp.CreateClient(_host.CaCertificate));
        var seed = await _emulator.SeedAsync();
        _contosoId = (string)seed["tenants"]!.AsArray().Single(t => (string?)t!["initialDomain"] == EmulatorClient.Contoso)!["id"]!;
        _fabrikamId = (string)seed["tenants"]!.AsArray().Single(t => (string?)t!["initialDomain"] == EmulatorClient.Fabrikam)!["id"]!;
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

    private Task PutFaultsAsync(object body) => _emulator.SendAsync(HttpMethod.Put, "/control/faults", body);

    private Task<HttpResponseMessage> DiscoveryAsync(string tenant) =>
        _emulator.Http.GetAsync($"{_host.AuthorityHost}/{tenant}/v2.0/.well-known/openid-configuration");

    /// <summary>An unsigned JWT with only a <c>tid</c>: enough for the rate limit (which only decodes the payload).</summary>
    private static string FakeToken(string tid) =>
        $"{B64("{\"alg\":\"none\"}")}.{B64($"{{\"tid\":\"{tid}\"}}")}.sig";

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private Task<HttpResponseMessage> GraphAsync(string? tid)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, _host.GraphEndpoint + "/v1.0/applications");
        if (tid is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FakeToken(tid));
        return _emulator.Http.SendAsync(request);
    }

    [Fact]
    public async Task RateLimit_BucketPerHostAndTenant_RefillsWithTheClock()
    {
        await PutFaultsAsync(new { host = "login", kind = "rateLimit", requestsPerSecond = 2 });

        // contoso by domain, by its other domain and by GUID: one bucket of 2.
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync("contoso.onmicrosoft.com")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
        using var limited = await DiscoveryAsync("CONTOSO.com");
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
        Assert.True(limited.Headers.Contains("request-id"));
        var body = (await limited.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("temporarily_unavailable", (string?)body["error"]); // the login throttle body

        // Another tenant has its own bucket; a 429 took no token.
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync("fabrikam.onmicrosoft.com")).StatusCode);
        Assert.Equal((HttpStatusCode)429, (await DiscoveryAsync(_contosoId)).StatusCode);

        _clock.Advance(TimeSpan.FromMilliseconds(500)); // one token at 2/s
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
        Assert.Equal((HttpStatusCode)429, (await DiscoveryAsync(_contosoId)).StatusCode);

        _clock.Advance(TimeSpan.FromSeconds(10)); // refilled to capacity (2), not beyond
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
        Assert.Equal((HttpStatusCode)429, (await DiscoveryAsync(_contosoId)).StatusCode);

        var fault = (await _emulator.GetJsonAsync("/control/faults"))!.AsArray().Single()!;
        Assert.Equal("rateLimit", (string?)fault["kind"]);
        Assert.Equal(2, (double)fault["requestsPerSecond"]!);
        Assert.Equal(4, (int)fault["hits"]!);

        var log = await _emulator.RequestLogAsync();
        var faulted = log.Where(e => (string?)e!["fault"] == "rateLimit").ToList();
        Assert.Equal(4, faulted.Count);
        Assert.All(faulted, e =>
        {
            Assert.Equal(429, (int)e!["status"]!);
            Assert.Equal(_contosoId, (string?)e["tenant"]);
        });
    }

    [Fact]
    public async Task RateLimit_RetryAfterIsTheWholeSecondsUntilTheNextToken()
    {
        await PutFaultsAsync(new { host = "login", kind = "rateLimit", requestsPerSecond = 0.25 });
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(4), (await DiscoveryAsync(_contosoId)).Headers.RetryAfter?.Delta);
        _clock.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(TimeSpan.FromSeconds(2), (await DiscoveryAsync(_contosoId)).Headers.RetryAfter?.Delta);
        _clock.Advance(TimeSpan.FromSeconds(1.4));
        Assert.Equal(TimeSpan.FromSeconds(1), (await DiscoveryAsync(_contosoId)).Headers.RetryAfter?.Delta);
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
    }

    [Fact]
    public async Task RateLimit_TenantOfABearerTokenIsItsTid_GraphAnswersTheGraph429()
    {
        await PutFaultsAsync(new { host = "graph", kind = "rateLimit", requestsPerSecond = 1 });
        Assert.Equal(HttpStatusCode.Unauthorized, (await GraphAsync(_contosoId)).StatusCode); // passed the limit; the service refuses the fake token
        using var limited = await GraphAsync(_contosoId);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        var body = (await limited.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("TooManyRequests", (string?)body["error"]!["code"]);
        Assert.Equal("429", (string?)body["error"]!["innerError"]!["status"]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GraphAsync(_fabrikamId)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GraphAsync(null)).StatusCode); // tenant "-"
        Assert.Equal((HttpStatusCode)429, (await GraphAsync(null)).StatusCode);

        // Other hosts are not limited by a graph rule.
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
    }

    [Fact]
    public async Task RateLimit_ConcurrentRequests_ExactlyCapacityPass()
    {
        await PutFaultsAsync(new { host = "bc", kind = "rateLimit", requestsPerSecond = 10 });
        var url = _host.BusinessCentralEndpoint + "/v2.0/contoso.onmicrosoft.com/Production/api/v2.0/companies";
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => _emulator.Http.GetAsync(url)));
        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized)); // passed: no token
        Assert.Equal(30, responses.Count(r => (int)r.StatusCode == 429));
        var limited = responses.First(r => (int)r.StatusCode == 429);
        var body = (await limited.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Application_TooManyRequests", (string?)body["error"]!["code"]);
        Assert.Equal(30, (int)(await _emulator.GetJsonAsync("/control/faults"))!.AsArray().Single()!["hits"]!);
    }

    [Fact]
    public async Task RateLimit_ComposesWithLatency_DelayFirstThenLimitThenOtherFaults()
    {
        await PutFaultsAsync(new object[]
        {
            new { host = "login", kind = "latency", latencyMs = 300 },
            new { host = "login", kind = "rateLimit", requestsPerSecond = 1 },
            new { host = "login", kind = "unavailable", pathContains = "fabrikam", count = 1 },
        });
        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
        Assert.Equal((HttpStatusCode)429, (await DiscoveryAsync(_contosoId)).StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(550), $"both requests were delayed ({watch.Elapsed})");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await DiscoveryAsync("fabrikam.onmicrosoft.com")).StatusCode);

        var faults = (await _emulator.RequestLogAsync()).Select(e => (string?)e!["fault"]).ToList();
        Assert.Equal(["latency", "rateLimit", "unavailable"], faults);
    }

    [Theory]
    [InlineData("{\"kind\":\"rateLimit\"}")]
    [InlineData("{\"kind\":\"rateLimit\",\"requestsPerSecond\":0}")]
    [InlineData("{\"kind\":\"rateLimit\",\"requestsPerSecond\":-1}")]
    [InlineData("{\"kind\":\"rateLimit\",\"requestsPerSecond\":5,\"count\":2}")]
    [InlineData("{\"kind\":\"throttle\",\"requestsPerSecond\":5}")]
    [InlineData("{\"kind\":\"rateLimit\",\"requestsPerSecond\":5,\"host\":\"nope\"}")]
    public async Task RateLimit_BadInput_Answers400(string json)
    {
        using var response = await _emulator.Http.PutAsync(_host.ControlEndpoint + "/control/faults",
            new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RateLimit_DurationSecondsExpiresIt()
    {
        await PutFaultsAsync(new { host = "login", kind = "rateLimit", requestsPerSecond = 1, durationSeconds = 5 });
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
        Assert.Equal((HttpStatusCode)429, (await DiscoveryAsync(_contosoId)).StatusCode);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty((await _emulator.GetJsonAsync("/control/faults"))!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DiscoveryAsync(_contosoId)).StatusCode);
    }

    [Fact]
    public async Task RequestLog_NamesTheTenantOfEveryRequest()
    {
        await DiscoveryAsync("Contoso.com");
        await DiscoveryAsync("organizations");
        await DiscoveryAsync("unknown.example.com");
        await GraphAsync(_fabrikamId);
        await GraphAsync(null);
        await _emulator.Http.GetAsync(_host.BusinessCentralEndpoint + "/v2.0/contoso.onmicrosoft.com/Production/api/v2.0/companies");
        await _emulator.Http.GetAsync(_host.BusinessCentralEndpoint + "/v2.0/Production/api/v2.0/companies");

        var tenants = (await _emulator.RequestLogAsync()).Select(e => $"{e!["host"]} {e["tenant"]}").ToList();
        Assert.Equal([
            $"login {_contosoId}", "login organizations", "login unknown.example.com",
            $"graph {_fabrikamId}", "graph -", $"bc {_contosoId}", "bc -",
        ], tenants);
    }
}
