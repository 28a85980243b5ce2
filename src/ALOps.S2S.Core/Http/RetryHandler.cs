using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Http
{
    /// <summary>
    /// Retries 429, 503 and 504 answers, waiting as long as Retry-After says (else exponential back-off), and
    /// requests whose connection broke without an answer (<see cref="HttpRequestException"/>, <see cref="IOException"/>)
    /// when resending cannot create anything twice: GET, HEAD, PUT, DELETE, PATCH-free reads, token requests
    /// (a second token is harmless) and $batch requests of reads only. A POST that creates an object and lost its connection is NOT resent: whether
    /// the service created the object is unknown, so the error surfaces and a re-run converges (every setup step
    /// finds what exists before it creates). All retries share the policy's wait bounds (single wait, total wait);
    /// 503, 504 and broken connections are also bounded by a count each, 429 by the waits only. Retries are reported
    /// on the verbose and progress streams, and their waits are cancellable.
    /// </summary>
    public sealed class RetryHandler : DelegatingHandler
    {
        private readonly RetryPolicy _policy;

        public RetryHandler(RetryPolicy policy, HttpMessageHandler inner) : base(inner) => _policy = policy;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content != null) await request.Content.LoadIntoBufferAsync().ConfigureAwait(false);
            var resendable = IsSafeToResend(request) || await ReadOnlyBatch.IsAsync(request).ConfigureAwait(false);
            var waited = TimeSpan.Zero;
            var host = request.RequestUri?.Host + (request.RequestUri != null && !request.RequestUri.IsDefaultPort ? ":" + request.RequestUri.Port : string.Empty);
            int connectionRetries = 0, unavailableRetries = 0, throttledRetries = 0;
            var sinceFirstAttempt = Stopwatch.StartNew();
            while (true)
            {
                HttpResponseMessage response;
                try
                {
                    response = await SendAttemptAsync(request, host, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception failure) when (IsTransportFailure(failure) && !cancellationToken.IsCancellationRequested)
                {
                    var attempt = ++connectionRetries;
                    var backOff = _policy.BackOff(attempt);
                    if (!resendable)
                        throw new HttpRequestException(
                            $"The connection to {host} broke before {request.Method} {Redactor.RedactUrl(request.RequestUri)} was answered, so whether the change was made is unknown " +
                            "(it is not sent twice). Run the same command again: it finds what exists and continues.", failure);
                    if (attempt > _policy.MaxConnectionRetries || waited + backOff > _policy.MaxTotalWait)
                        throw new HttpRequestException(
                            $"The connection to {host} broke {attempt} times in a row ({request.Method} {Redactor.RedactUrl(request.RequestUri)}); gave up after {waited.TotalSeconds:0} s of retrying. " +
                            "Check the network or proxy, then run the same command again.", failure);
                    await WaitAsync(host, $"connection lost ({Redactor.Redact(failure.Message)})", RetryOf(attempt, _policy.MaxConnectionRetries), backOff, cancellationToken).ConfigureAwait(false);
                    waited += backOff;
                    continue;
                }
                if (!IsRetryable(response.StatusCode)) return response;

                // A 429 is the service pacing us, not failing: retried for as long as the wait budget lasts, so a
                // batch row is not lost to throttling. 503/504 mean trouble and keep the retry count.
                var throttled = (int)response.StatusCode == 429;
                var retry = throttled ? ++throttledRetries : ++unavailableRetries;
                if (!throttled && retry > _policy.MaxRetries) return response;

                var delay = RetryAfter(response) ?? _policy.BackOff(retry);
                if (delay > _policy.MaxSingleWait || waited + delay > _policy.MaxTotalWait) return response;
                // Without a count, only the clock ends a stream of 429s that ask for no wait (Retry-After: 0).
                if (throttled && sinceFirstAttempt.Elapsed + delay > _policy.MaxTotalWait) return response;

                response.Dispose();
                var counted = throttled && retry > _policy.MaxRetries
                    ? $"retry {retry} (still throttled; {waited.TotalSeconds:0} of {_policy.MaxTotalWait.TotalSeconds:0} s of waiting used)"
                    : RetryOf(retry, _policy.MaxRetries);
                await WaitAsync(host, $"{(int)response.StatusCode} {response.StatusCode}", counted, delay, cancellationToken).ConfigureAwait(false);
                waited += delay;
            }
        }

        private static string RetryOf(int retry, int maxRetries) => $"retry {retry} of {maxRetries}";

        private async Task WaitAsync(string host, string why, string retry, TimeSpan delay, CancellationToken cancellationToken)
        {
            var log = S2SLogScope.Current;
            log.Verbose($"{why} from {host}; {retry} in {delay.TotalSeconds:0.#} s.");
            log.Progress(new S2SProgress("Waiting for " + host, $"Service busy ({why}); {retry} in {delay.TotalSeconds:0.#} s", secondsRemaining: (int)Math.Ceiling(delay.TotalSeconds)));
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            log.Progress(new S2SProgress("Waiting for " + host, "Retrying", completed: true));
        }

        // Each attempt has its own time limit: the HttpClient's own timeout would also count the waits between
        // attempts, and end a throttled request that is still within its retry budget.
        private async Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, string host, CancellationToken cancellationToken)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(_policy.AttemptTimeout);
            try
            {
                return await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"{host} did not answer {request.Method} {Redactor.RedactUrl(request.RequestUri)} within {_policy.AttemptTimeout.TotalSeconds:0} s. " +
                    "Check the network or proxy, then run the same command again.", timeout);
            }
        }

        private static bool IsRetryable(HttpStatusCode status)
            => (int)status == 429 || status == HttpStatusCode.ServiceUnavailable || status == HttpStatusCode.GatewayTimeout;

        private static bool IsTransportFailure(Exception failure)
            => failure is HttpRequestException || failure is IOException;

        /// <summary>Methods that are idempotent, and OAuth token requests (POST, but they create nothing).</summary>
        internal static bool IsSafeToResend(HttpRequestMessage request)
        {
            var method = request.Method.Method.ToUpperInvariant();
            if (method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS") return true;
            if (method != "POST" || request.RequestUri == null) return false;
            var path = request.RequestUri.AbsolutePath;
            return path.EndsWith("/oauth2/v2.0/token", StringComparison.OrdinalIgnoreCase)
                   || path.EndsWith("/oauth2/token", StringComparison.OrdinalIgnoreCase)
                   || path.EndsWith("/msi/token", StringComparison.OrdinalIgnoreCase);
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null)
            {
                // Graph documents fractional seconds ("2.128"), which the typed header does not parse.
                if (response.Headers.TryGetValues("Retry-After", out var raw))
                {
                    foreach (var value in raw)
                    {
                        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                            return seconds <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(seconds);
                    }
                }
                return null;
            }
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
