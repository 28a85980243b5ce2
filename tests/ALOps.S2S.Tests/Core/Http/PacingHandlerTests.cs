using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Tests.Core.Emulated;
using Xunit;
using static ALOps.S2S.Tests.Core.Http.PacingKeyTests;

namespace ALOps.S2S.Tests.Core.Http
{
    /// <summary>
    /// Request starts per host and tenant, on real time. Timing is asserted as lower bounds on spacing, or as upper
    /// bounds far below what pacing would have cost, so a loaded machine only makes the margins bigger.
    /// </summary>
    public class PacingHandlerTests
    {
        /// <summary>Answers 200, or 429 for the requests the test marks; records when each request reached it.</summary>
        private sealed class FakeService : HttpMessageHandler
        {
            private static readonly Stopwatch Clock = Stopwatch.StartNew();
            public static TimeSpan Now => Clock.Elapsed;
            private readonly ConcurrentQueue<(string Label, TimeSpan At)> _starts = new ConcurrentQueue<(string, TimeSpan)>();

            public IReadOnlyList<TimeSpan> StartsOf(string label) => _starts.Where(s => s.Label == label).Select(s => s.At).OrderBy(t => t).ToList();
            public int Count(string label) => _starts.Count(s => s.Label == label);

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var label = request.Headers.TryGetValues("x-label", out var values) ? values.Single() : string.Empty;
                _starts.Enqueue((label, Clock.Elapsed));
                var throttled = request.Headers.Contains("x-throttle");
                var response = new HttpResponseMessage(throttled ? (HttpStatusCode)429 : HttpStatusCode.OK);
                if (throttled) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
                return Task.FromResult(response);
            }
        }

        private readonly FakeService _service = new FakeService();

        private PacingHandler Pacer(TimeSpan? recovery = null) => new PacingHandler(_service, recovery ?? TimeSpan.FromSeconds(5));

        private static HttpRequestMessage Call(string url, string? tenantId, string label, bool throttle = false)
        {
            var request = Request(url, tenantId);
            request.Headers.Add("x-label", label);
            if (throttle) request.Headers.Add("x-throttle", "1");
            return request;
        }

        /// <summary>Ten answered requests, then a 429: the key is paced to 9 requests per second.</summary>
        private static async Task LearnNinePerSecond(HttpClient client, string url, string tenantId)
        {
            for (var i = 0; i < 10; i++) (await client.SendAsync(Call(url, tenantId, "warm-up"))).Dispose();
            (await client.SendAsync(Call(url, tenantId, "throttled", throttle: true))).Dispose();
        }

        /// <summary>One answer, then a 429 within the same second: a rate of 0.9 per second.</summary>
        private static async Task LearnSlowRate(HttpClient client, string url, string tenantId)
        {
            (await client.SendAsync(Call(url, tenantId, "warm-up"))).Dispose();
            (await client.SendAsync(Call(url, tenantId, "throttled", throttle: true))).Dispose();
        }

        /// <summary>
        /// Start i comes no earlier than i spacings after <paramref name="before"/> (the reservation of the first slot
        /// cannot precede it). Compared with the start before it, a late wake-up could make one gap look short.
        /// </summary>
        private static void AssertSpacedAtLeast(IReadOnlyList<TimeSpan> starts, TimeSpan before, TimeSpan spacing)
        {
            var timerSlack = TimeSpan.FromMilliseconds(15);
            for (var i = 1; i < starts.Count; i++)
                Assert.True(starts[i] - before >= TimeSpan.FromTicks(spacing.Ticks * i) - timerSlack,
                    $"start {i} came {(starts[i] - before).TotalMilliseconds:0} ms after the first reservation; expected at least {spacing.TotalMilliseconds * i:0} ms");
        }

        [Fact]
        public async Task Connections_of_the_process_share_what_they_learned_about_a_host_and_tenant()
        {
            var url = $"https://shared-{Guid.NewGuid():N}.example/v1.0/a";
            using var first = new HttpClient(new PacingHandler(_service));
            await LearnNinePerSecond(first, url, "t1");

            var second = new PacingHandler(_service);
            Assert.Equal(9, second.RequestsPerSecond(Request(url, "t1"))!.Value, 6);
            Assert.Null(second.RequestsPerSecond(Request(url, "t2")));
        }

        [Fact]
        public async Task Does_not_pace_without_a_429()
        {
            var pacer = Pacer();
            using var client = new HttpClient(pacer);
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ => (await client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "row"))).Dispose()));

            Assert.Equal(200, _service.Count("row"));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
            Assert.Null(pacer.RequestsPerSecond(Request("https://graph.example/v1.0/a", "t1")));
        }

        [Fact]
        public async Task After_a_429_starts_are_spaced_per_the_learned_rate_and_it_is_logged()
        {
            var log = new CollectingLog();
            var pacer = Pacer();
            using var client = new HttpClient(pacer);
            using (S2SLogScope.Begin(log)) await LearnNinePerSecond(client, "https://graph.example/v1.0/a", "t1");

            Assert.Equal(9, pacer.RequestsPerSecond(Request("https://graph.example/v1.0/a", "t1"))!.Value, 6);
            Assert.Contains("VERBOSE Throttled by graph.example for tenant t1: pacing to 9 requests per second.", log.Lines);

            var before = FakeService.Now;
            await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ => (await client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "row"))).Dispose()));
            var starts = _service.StartsOf("row");
            Assert.Equal(6, starts.Count);
            AssertSpacedAtLeast(starts, before, TimeSpan.FromSeconds(1.0 / 9));
        }

        [Fact]
        public async Task Many_concurrent_requests_each_get_a_slot_of_their_own()
        {
            var pacer = Pacer();
            using var client = new HttpClient(pacer);
            for (var i = 0; i < 40; i++) (await client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "warm-up"))).Dispose();
            (await client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "throttled", throttle: true))).Dispose();
            Assert.Equal(36, pacer.RequestsPerSecond(Request("https://graph.example/v1.0/a", "t1"))!.Value, 6);

            var before = FakeService.Now;
            await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(async () => (await client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "row"))).Dispose())));
            var starts = _service.StartsOf("row");
            Assert.Equal(40, starts.Count);
            AssertSpacedAtLeast(starts, before, TimeSpan.FromSeconds(1.0 / 36));
        }

        [Fact]
        public async Task A_429_is_handed_back_at_once_and_does_not_hold_the_key_for_its_Retry_After()
        {
            using var client = new HttpClient(Pacer());
            var watch = Stopwatch.StartNew();
            (await client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "throttled", throttle: true))).Dispose();
            (await client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "next"))).Dispose();

            // Retry-After is 30 s; nothing was answered before, so nothing is paced and the next request goes at once.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
            Assert.Equal(1, _service.Count("next"));
        }

        [Fact]
        public async Task Other_tenants_and_other_hosts_are_not_paced_by_one_tenants_429()
        {
            var pacer = Pacer();
            using var client = new HttpClient(pacer);
            await LearnSlowRate(client, "https://graph.example/v1.0/a", "t1");
            Assert.Equal(0.9, pacer.RequestsPerSecond(Request("https://graph.example/v1.0/a", "t1"))!.Value, 6);

            // At 0.9 per second, 10 starts of the throttled key would take 10 s.
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(
                Enumerable.Range(0, 10).Select(async _ => (await client.SendAsync(Call("https://graph.example/v1.0/a", "t2", "other tenant"))).Dispose())
                    .Concat(Enumerable.Range(0, 10).Select(async _ => (await client.SendAsync(Call("https://bc.example/v2.0/a", "t1", "other host"))).Dispose())));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(9), $"took {watch.Elapsed}");
            Assert.Equal(10, _service.Count("other tenant"));
            Assert.Equal(10, _service.Count("other host"));
            Assert.Null(pacer.RequestsPerSecond(Request("https://graph.example/v1.0/a", "t2")));
            Assert.Null(pacer.RequestsPerSecond(Request("https://bc.example/v2.0/a", "t1")));
        }

        [Fact]
        public async Task Token_requests_of_two_tenants_are_paced_apart()
        {
            var pacer = Pacer();
            using var client = new HttpClient(pacer);
            (await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://login.example/contoso.onmicrosoft.com/oauth2/v2.0/token"))).Dispose();
            var contoso = new HttpRequestMessage(HttpMethod.Post, "https://login.example/contoso.onmicrosoft.com/oauth2/v2.0/token");
            contoso.Headers.Add("x-throttle", "1");
            (await client.SendAsync(contoso)).Dispose();

            Assert.NotNull(pacer.RequestsPerSecond(new HttpRequestMessage(HttpMethod.Post, "https://login.example/Contoso.onmicrosoft.com/oauth2/v2.0/token")));
            Assert.Null(pacer.RequestsPerSecond(new HttpRequestMessage(HttpMethod.Post, "https://login.example/fabrikam.onmicrosoft.com/oauth2/v2.0/token")));
        }

        [Fact]
        public async Task The_rate_recovers_after_quiet_intervals()
        {
            var pacer = Pacer(recovery: TimeSpan.FromMilliseconds(100));
            using var client = new HttpClient(pacer);
            await LearnNinePerSecond(client, "https://graph.example/v1.0/a", "t1");

            await Task.Delay(TimeSpan.FromMilliseconds(350));
            var recovered = pacer.RequestsPerSecond(Request("https://graph.example/v1.0/a", "t1"));
            Assert.True(recovered == null || recovered.Value >= 9 * 1.1 * 1.1 * 1.1 - 0.001, $"rate {recovered}");
        }

        [Fact]
        public async Task Cancelling_while_waiting_for_a_slot_ends_promptly()
        {
            using var client = new HttpClient(Pacer());
            await LearnSlowRate(client, "https://graph.example/v1.0/a", "t1");

            // At 0.9 per second: the first takes the free slot, the second waits 1.1 s, the third 2.2 s.
            var first = client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "first"));
            var second = client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "second"));
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            var watch = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "cancelled"), cts.Token));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"the cancelled request waited {watch.Elapsed}");
            Assert.Equal(0, _service.Count("cancelled"));
            (await first).Dispose();
            (await second).Dispose();
        }

        [Fact]
        public async Task Retries_of_the_retry_handler_are_paced_too()
        {
            var service = new ThrottleFirst(2, _service, answerFirst: 1);
            using var client = new HttpClient(new RetryHandler(new RetryPolicy(6, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), new PacingHandler(service, TimeSpan.FromSeconds(5))));
            (await client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "warm-up"))).Dispose();
            using var response = await client.SendAsync(Call("https://graph.example/v1.0/a", "t1", "row"));

            // One answer, then a 429: the key is paced to 0.9 per second; the first retry takes the free slot, the
            // second waits 1.1 s for the next one although Retry-After said 0.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var calls = service.CallTimes;
            Assert.Equal(4, calls.Count);
            Assert.True(calls[3] - calls[2] >= TimeSpan.FromSeconds(1.0), $"the second retry came {(calls[3] - calls[2]).TotalSeconds:0.00} s after the first");
        }

        /// <summary>After <c>answerFirst</c> answered calls, 429 with Retry-After 0 on the next ones, then the fake service; records when each call came.</summary>
        private sealed class ThrottleFirst : DelegatingHandler
        {
            private readonly ConcurrentQueue<TimeSpan> _calls = new ConcurrentQueue<TimeSpan>();
            private int _throttles;
            private int _answerFirst;

            public ThrottleFirst(int throttles, HttpMessageHandler inner, int answerFirst = 0) : base(inner)
            {
                _throttles = throttles;
                _answerFirst = answerFirst;
            }

            public IReadOnlyList<TimeSpan> CallTimes => _calls.ToList();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                _calls.Enqueue(FakeService.Now);
                if (Interlocked.Decrement(ref _answerFirst) >= 0 || Interlocked.Decrement(ref _throttles) < 0) return base.SendAsync(request, cancellationToken);
                var response = new HttpResponseMessage((HttpStatusCode)429);
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
                return Task.FromResult(response);
            }
        }
    }
}
