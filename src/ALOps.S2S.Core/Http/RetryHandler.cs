using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Http
{
    /// <summary>
    /// Retries 429, 503 and 504 answers, waiting as long as Retry-After says (else exponential back-off),
    /// within the policy's bounds. The wait is cancellable.
    /// </summary>
    public sealed class RetryHandler : DelegatingHandler
    {
        private readonly RetryPolicy _policy;

        public RetryHandler(RetryPolicy policy, HttpMessageHandler inner) : base(inner) => _policy = policy;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content != null) await request.Content.LoadIntoBufferAsync().ConfigureAwait(false);
            var waited = TimeSpan.Zero;
            for (int attempt = 1; ; attempt++)
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!IsRetryable(response.StatusCode) || attempt > _policy.MaxRetries) return response;

                var delay = RetryAfter(response) ?? _policy.BackOff(attempt);
                if (delay > _policy.MaxSingleWait || waited + delay > _policy.MaxTotalWait) return response;

                var host = request.RequestUri?.Host ?? "the service";
                var log = S2SLogScope.Current;
                log.Verbose($"{(int)response.StatusCode} {response.StatusCode} from {host}; retry {attempt} of {_policy.MaxRetries} in {delay.TotalSeconds:0.#} s.");
                log.Progress(new S2SProgress("Waiting for " + host, $"Service busy ({(int)response.StatusCode}); retry {attempt} of {_policy.MaxRetries} in {delay.TotalSeconds:0.#} s", secondsRemaining: (int)Math.Ceiling(delay.TotalSeconds)));
                response.Dispose();
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                log.Progress(new S2SProgress("Waiting for " + host, "Retrying", completed: true));
                waited += delay;
            }
        }

        private static bool IsRetryable(HttpStatusCode status)
            => (int)status == 429 || status == HttpStatusCode.ServiceUnavailable || status == HttpStatusCode.GatewayTimeout;

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null) return null;
            if (header.Delta.HasValue) return header.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : header.Delta.Value;
            if (header.Date.HasValue)
            {
                var delta = header.Date.Value - DateTimeOffset.UtcNow;
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }
            return null;
        }
    }
}
