using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Faults;

/// <summary><c>PUT|GET|DELETE /control/faults</c>: throttling, 503/504, dropped connections, latency (CONTRACT.md "Faults").</summary>
public sealed class FaultControlTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private Task PutFaultsAsync(object body) => Emulator.SendAsync(HttpMethod.Put, "/control/faults", body);

    private async Task<HttpResponseMessage> GraphGetAsync(string path = "/v1.0/applications") =>
        await Emulator.Http.GetAsync(Host.GraphEndpoint + path);

    [Fact]
    public async Task Throttle_AnswersTheDocumentedGraph429_ThenClearsItselfAfterCount()
    {
        await PutFaultsAsync(new { host = "graph", kind = "throttle", count = 2, retryAfterSeconds = 3 });

        for (var i = 0; i < 2; i++)
        {
            using var throttled = await GraphGetAsync();
            Assert.Equal((HttpStatusCode)429, throttled.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter?.Delta);
            var body = (await throttled.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("TooManyRequests", (string?)body["error"]!["code"]);
            Assert.Equal("429", (string?)body["error"]!["innerError"]!["status"]);
            Assert.Equal("429", (string?)body["error"]!["innerError"]!["code"]);
            Assert.NotNull((string?)body["error"]!["innerError"]!["request-id"]);
        }

        using var after = await GraphGetAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode); // the service itself again: no token
        Assert.Empty((await Emulator.GetJsonAsync("/control/faults"))!.AsArray());

        var log = await Emulator.RequestLogAsync();
        Assert.Equal(2, log.Count(e => (string?)e!["fault"] == "throttle" && (int)e!["status"]! == 429));
    }

    [Theory]
    [InlineData("bc", "unavailable", 503)]
    [InlineData("bc", "gatewayTimeout", 504)]
    [InlineData("login", "throttle", 429)]
    [InlineData("graph", "unavailable", 503)]
    public async Task Faults_AnswerInTheHostsErrorShape(string host, string kind, int status)
    {
        await PutFaultsAsync(new { host, kind, count = 1, retryAfterSeconds = 2 });
        var url = host switch
        {
            "bc" => Host.BusinessCentralEndpoint + "/v2.0/contoso.onmicrosoft.com/Production/api/v2.0/companies",
            "login" => Host.AuthorityHost + "/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration",
            _ => Host.GraphEndpoint + "/v1.0/applications",
        };
        using var response = await Emulator.Http.GetAsync(url);
        Assert.Equal(status, (int)response.StatusCode);
        if (status == 504) Assert.Null(response.Headers.RetryAfter);
        else Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        if (host == "login")
        {
            Assert.Equal("temporarily_unavailable", (string?)body["error"]);
            Assert.NotNull((string?)body["error_description"]);
        }
        else
        {
            Assert.NotNull((string?)body["error"]!["code"]);
            Assert.NotNull((string?)body["error"]!["message"]);
        }
    }

    [Fact]
    public async Task Drop_AbortsTheConnectionWithoutAnAnswer()
    {
        await PutFaultsAsync(new { host = "graph", kind = "drop", count = 1 });
        using var handler = TrustedHttp.CreateHandler(Host.CaCertificate);
        using var fresh = new HttpClient(handler);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => fresh.GetAsync(Host.GraphEndpoint + "/v1.0/applications"));
        using var after = await fresh.GetAsync(Host.GraphEndpoint + "/v1.0/applications");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains(await Emulator.RequestLogAsync(), e => (string?)e!["fault"] == "drop");
    }

    [Fact]
    public async Task Latency_DelaysThenHandles()
    {
        await PutFaultsAsync(new { host = "bc", kind = "latency", latencyMs = 700, count = 1 });
        var watch = Stopwatch.StartNew();
        using var response = await Emulator.Http.GetAsync(Host.BusinessCentralEndpoint + "/v2.0/contoso.onmicrosoft.com/Production/api/v2.0/companies");
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(650), $"answered after {watch.Elapsed}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PathMethodAndHostFilter_WhichRequestsAreHit()
    {
        await PutFaultsAsync(new[]
        {
            new { host = "graph", kind = "throttle", pathContains = "/servicePrincipals", method = "POST" },
        });
        using (var other = await GraphGetAsync("/v1.0/servicePrincipals")) Assert.NotEqual((HttpStatusCode)429, other.StatusCode);
        using (var post = await Emulator.Http.PostAsync(Host.GraphEndpoint + "/v1.0/servicePrincipals", JsonContent.Create(new { appId = "x" })))
            Assert.Equal((HttpStatusCode)429, post.StatusCode);
        using (var bc = await Emulator.Http.PostAsync(Host.BusinessCentralEndpoint + "/v1.0/servicePrincipals", JsonContent.Create(new { })))
            Assert.NotEqual((HttpStatusCode)429, bc.StatusCode);
        var installed = (await Emulator.GetJsonAsync("/control/faults"))!.AsArray();
        Assert.Equal(1, (int)installed.Single()!["hits"]!);
        Assert.Equal("throttle", (string?)installed.Single()!["kind"]);
    }

    [Fact]
    public async Task Duration_ExpiresTheFault()
    {
        await PutFaultsAsync(new { host = "any", kind = "unavailable", durationSeconds = 0.5 });
        using (var during = await GraphGetAsync()) Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        await Task.Delay(700);
        using (var after = await GraphGetAsync()) Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task DeleteAndReset_ClearFaults()
    {
        await PutFaultsAsync(new { kind = "throttle" });
        await Emulator.SendAsync(HttpMethod.Delete, "/control/faults", null);
        using (var after = await GraphGetAsync()) Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);

        await PutFaultsAsync(new { kind = "throttle" });
        await Emulator.ResetAsync();
        Assert.Empty((await Emulator.GetJsonAsync("/control/faults"))!.AsArray());
        using (var afterReset = await GraphGetAsync()) Assert.Equal(HttpStatusCode.Unauthorized, afterReset.StatusCode);
    }

    [Theory]
    [InlineData("""{"kind":"meteor"}""")]
    [InlineData("""{"host":"mars","kind":"throttle"}""")]
    [InlineData("""{"kind":"throttle","count":0}""")]
    [InlineData("""{"kind":"throttle","durationSeconds":-1}""")]
    [InlineData("""{"kind":"throttle","retryAfter":5}""")]
    [InlineData("""{"host":"graph"}""")]
    [InlineData("""42""")]
    public async Task BadFaults_Answer400(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Host.ControlEndpoint + "/control/faults")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await Emulator.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
    }

    [Fact]
    public async Task TokenRequests_LogTheirScope()
    {
        await Emulator.ClientCredentialsWithSecretAsync(EmulatorClient.Contoso, Guid.NewGuid().ToString(), "nope");
        var entry = (await Emulator.RequestLogAsync()).Single(e => ((string?)e!["path"])!.EndsWith("/token"))!;
        Assert.Equal(EmulatorClient.BusinessCentralDefault, (string?)entry["scope"]);
        Assert.DoesNotContain("nope", (await Emulator.RequestLogAsync()).ToJsonString());
    }
}
