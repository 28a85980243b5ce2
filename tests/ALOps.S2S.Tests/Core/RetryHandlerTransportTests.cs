using System.Net;
using ALOps.S2S.Core.Http;
using Xunit;

namespace ALOps.S2S.Tests.Core
{
    /// <summary>Connections that break without an answer: resent only when resending cannot create anything twice.</summary>
    public class RetryHandlerTransportTests
    {
        private sealed class BreakingHandler : HttpMessageHandler
        {
            private int _breaksLeft;
            public int Calls;
            public BreakingHandler(int breaks) => _breaksLeft = breaks;
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Calls++;
                if (_breaksLeft-- > 0) throw new HttpRequestException("The response ended prematurely.", new IOException("reset"));
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
            }
        }

        private static readonly RetryPolicy Fast = new RetryPolicy(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        [Theory]
        [InlineData("GET", "https://graph.example/v1.0/applications")]
        [InlineData("PUT", "https://bc.example/admin/v2.24/applications/BusinessCentral/environments/x")]
        [InlineData("DELETE", "https://graph.example/v1.0/applications/1")]
        [InlineData("POST", "https://login.example/contoso/oauth2/v2.0/token")]
        public async Task Resends_idempotent_and_token_requests(string method, string url)
        {
            var inner = new BreakingHandler(1);
            using var client = new HttpClient(new RetryHandler(Fast, inner));
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "GET" ? null : new StringContent("x") });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, inner.Calls);
        }

        [Theory]
        [InlineData("POST", "https://graph.example/v1.0/applications")]
        [InlineData("POST", "https://graph.example/v1.0/applications/1/addPassword")]
        [InlineData("PATCH", "https://graph.example/v1.0/applications/1")]
        public async Task Does_not_resend_a_write_that_may_have_happened(string method, string url)
        {
            var inner = new BreakingHandler(1);
            using var client = new HttpClient(new RetryHandler(Fast, inner));
            await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}") }));
            Assert.Equal(1, inner.Calls);
        }

        [Theory]
        [InlineData("https://graph.example/v1.0/$batch", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/applications\"},{\"id\":\"2\",\"method\":\"get\",\"url\":\"/servicePrincipals\"}]}", 2)]
        [InlineData("https://bc.example/v2.0/t/Production/api/microsoft/automation/v2.0/$batch", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"companies\"}]}", 2)]
        [InlineData("https://graph.example/v1.0/$batch", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/applications\"},{\"id\":\"2\",\"method\":\"POST\",\"url\":\"/applications\"}]}", 1)]
        [InlineData("https://graph.example/v1.0/$batch", "not json", 1)]
        [InlineData("https://graph.example/v1.0/applications", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/applications\"}]}", 1)]
        public async Task Resends_a_batch_only_when_every_operation_in_it_is_a_read(string url, string body, int expectedCalls)
        {
            var inner = new BreakingHandler(1);
            using var client = new HttpClient(new RetryHandler(Fast, inner));
            var send = client.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body) });
            if (expectedCalls == 1) await Assert.ThrowsAsync<HttpRequestException>(() => send);
            else Assert.Equal(HttpStatusCode.OK, (await send).StatusCode);
            Assert.Equal(expectedCalls, inner.Calls);
        }

        [Fact]
        public async Task Gives_up_after_the_bounded_number_of_resends()
        {
            var inner = new BreakingHandler(100);
            using var client = new HttpClient(new RetryHandler(new RetryPolicy(2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)), inner));
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("https://graph.example/v1.0/applications"));
            Assert.Equal(3, inner.Calls);
        }

        [Fact]
        public async Task Reads_fractional_Retry_After_as_Graph_documents_it()
        {
            var calls = 0;
            var inner = new LambdaHandler(() =>
            {
                if (calls++ > 0) return new HttpResponseMessage(HttpStatusCode.OK);
                var throttled = new HttpResponseMessage((HttpStatusCode)429);
                throttled.Headers.TryAddWithoutValidation("Retry-After", "0.3");
                return throttled;
            });
            using var client = new HttpClient(new RetryHandler(Fast, inner));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var response = await client.GetAsync("https://graph.example/v1.0/applications");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.InRange(watch.Elapsed.TotalSeconds, 0.25, 0.9);
        }

        private sealed class LambdaHandler(Func<HttpResponseMessage> answer) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer());
        }
    }
}
