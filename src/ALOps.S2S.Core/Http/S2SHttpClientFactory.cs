using System;
using System.Net.Http;
using Microsoft.Identity.Client;

namespace ALOps.S2S.Core.Http
{
    /// <summary>
    /// One HTTP handler chain per connection (retry, then pacing, then tracing, then the platform handler), shared by MSAL,
    /// the Graph SDK and the Business Central clients.
    /// </summary>
    public sealed class S2SHttpClientFactory : IMsalHttpClientFactory, IDisposable
    {
        private readonly HttpClient _client;

        public S2SHttpClientFactory(RetryPolicy? policy = null, HttpMessageHandler? transport = null)
        {
            var chain = new RetryHandler(policy ?? RetryPolicy.Default, new PacingHandler(new TracingHandler(transport ?? SharedTransport.Borrow())));
            // Attempts are timed one by one (RetryPolicy.AttemptTimeout); the whole call may last as long as its retries.
            _client = new HttpClient(chain, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            _client.DefaultRequestHeaders.UserAgent.ParseAdd("ALOps.S2S/" + typeof(S2SHttpClientFactory).Assembly.GetName().Version);
        }

        public HttpClient GetHttpClient() => _client;

        public void Dispose() => _client.Dispose();
    }
}
