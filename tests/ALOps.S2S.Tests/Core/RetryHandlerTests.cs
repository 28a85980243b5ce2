using System.Net;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Tests.Core.Emulated;
using Xunit;

namespace ALOps.S2S.Tests.Core
{
    public class RetryHandlerTests
    {
        private sealed class ScriptedHandler : HttpMessageHandler
        {
            private readonly Queue<Func<HttpResponseMessage>> _answers;
            public int Calls;
            public ScriptedHandler(params Func<HttpResponseMessage>[] answers) => _answers = new Queue<Func<HttpResponseMessage>>(answers);
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Calls++;
                return Task.FromResult(_answers.Dequeue()());
            }
        }

        private static HttpResponseMessage Throttled(int seconds)
        {
            var response = new HttpResponseMessage((HttpStatusCode)429);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
            return response;
        }

        [Fact]
        public async Task Waits_as_long_as_Retry_After_says_then_succeeds()
        {
            var inner = new ScriptedHandler(() => Throttled(1), () => new HttpResponseMessage(HttpStatusCode.OK));
            using var client = new HttpClient(new RetryHandler(RetryPolicy.Default, inner));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var response = await client.GetAsync("https://example.invalid/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, inner.Calls);
            Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {watch.Elapsed}");
        }

        private sealed class HangingHandler : HttpMessageHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            }
        }

        [Fact]
        public async Task An_attempt_that_is_not_answered_in_time_ends_with_a_timeout_that_names_the_host()
        {
            var policy = new RetryPolicy(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), attemptTimeout: TimeSpan.FromMilliseconds(300));
            using var client = new HttpClient(new RetryHandler(policy, new HangingHandler())) { Timeout = Timeout.InfiniteTimeSpan };
            var error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetAsync("https://example.invalid:8443/v1.0/applications"));
            Assert.Contains("example.invalid:8443 did not answer GET", error.Message);
        }

        [Fact]
        public async Task Throttled_waits_do_not_count_toward_the_attempt_timeout()
        {
            var policy = new RetryPolicy(6, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), attemptTimeout: TimeSpan.FromMilliseconds(800));
            var inner = new ScriptedHandler(() => Throttled(1), () => new HttpResponseMessage(HttpStatusCode.OK));
            using var client = new HttpClient(new RetryHandler(policy, inner)) { Timeout = Timeout.InfiniteTimeSpan };
            var response = await client.GetAsync("https://example.invalid/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        [Fact]
        public async Task Ctrl_C_during_an_attempt_is_a_cancellation_not_a_timeout()
        {
            var policy = new RetryPolicy(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), attemptTimeout: TimeSpan.FromSeconds(30));
            using var client = new HttpClient(new RetryHandler(policy, new HangingHandler())) { Timeout = Timeout.InfiniteTimeSpan };
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("https://example.invalid/", stop.Token));
        }

        private static HttpResponseMessage Unavailable()
        {
            var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return response;
        }

        [Fact]
        public async Task Gives_up_on_503_after_the_bounded_number_of_retries()
        {
            var policy = new RetryPolicy(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
            var inner = new ScriptedHandler(Unavailable, Unavailable, Unavailable, () => new HttpResponseMessage(HttpStatusCode.OK));
            using var client = new HttpClient(new RetryHandler(policy, inner));
            var response = await client.GetAsync("https://example.invalid/");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(3, inner.Calls);
        }

        [Fact]
        public async Task Ten_429s_with_Retry_After_0_then_200_succeed()
        {
            var log = new CollectingLog();
            var inner = new ScriptedHandler(Enumerable.Repeat<Func<HttpResponseMessage>>(() => Throttled(0), 10).Append(() => new HttpResponseMessage(HttpStatusCode.OK)).ToArray());
            using var client = new HttpClient(new RetryHandler(RetryPolicy.Default, inner));
            using (S2SLogScope.Begin(log))
            {
                var response = await client.GetAsync("https://example.invalid/");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            Assert.Equal(11, inner.Calls);
            Assert.Contains(log.Lines, line => line.Contains("retry 6 of 6"));
            Assert.Contains(log.Lines, line => line.Contains("retry 10 (still throttled; 0 of 180 s of waiting used)"));
        }

        [Fact]
        public async Task Throttling_is_retried_until_the_total_wait_would_be_exceeded()
        {
            var policy = new RetryPolicy(1, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2.5));
            var inner = new ScriptedHandler(() => Throttled(1), () => Throttled(1), () => Throttled(1), () => new HttpResponseMessage(HttpStatusCode.OK));
            using var client = new HttpClient(new RetryHandler(policy, inner));
            var response = await client.GetAsync("https://example.invalid/");
            Assert.Equal((HttpStatusCode)429, response.StatusCode);
            Assert.Equal(3, inner.Calls);
        }

        [Fact]
        public async Task Throttling_does_not_use_up_the_retries_of_503()
        {
            var policy = new RetryPolicy(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
            var inner = new ScriptedHandler(() => Throttled(0), () => Throttled(0), () => Throttled(0), Unavailable, Unavailable, () => new HttpResponseMessage(HttpStatusCode.OK));
            using var client = new HttpClient(new RetryHandler(policy, inner));
            var response = await client.GetAsync("https://example.invalid/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(6, inner.Calls);
        }

        [Fact]
        public async Task Does_not_wait_longer_than_the_policy_allows()
        {
            var policy = new RetryPolicy(5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
            var inner = new ScriptedHandler(() => Throttled(30), () => new HttpResponseMessage(HttpStatusCode.OK));
            using var client = new HttpClient(new RetryHandler(policy, inner));
            var response = await client.GetAsync("https://example.invalid/");
            Assert.Equal((HttpStatusCode)429, response.StatusCode);
            Assert.Equal(1, inner.Calls);
        }

        [Fact]
        public async Task Cancelling_stops_the_wait()
        {
            var inner = new ScriptedHandler(() => Throttled(30), () => new HttpResponseMessage(HttpStatusCode.OK));
            using var client = new HttpClient(new RetryHandler(RetryPolicy.Default, inner));
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("https://example.invalid/", cts.Token));
        }

        [Theory]
        [InlineData(HttpStatusCode.BadRequest)]
        [InlineData(HttpStatusCode.InternalServerError)]
        public async Task Does_not_retry_other_failures(HttpStatusCode status)
        {
            var inner = new ScriptedHandler(() => new HttpResponseMessage(status), () => new HttpResponseMessage(HttpStatusCode.OK));
            using var client = new HttpClient(new RetryHandler(RetryPolicy.Default, inner));
            Assert.Equal(status, (await client.GetAsync("https://example.invalid/")).StatusCode);
            Assert.Equal(1, inner.Calls);
        }
    }
}
