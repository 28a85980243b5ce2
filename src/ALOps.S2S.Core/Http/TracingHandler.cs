using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Http
{
    /// <summary>
    /// Traces each HTTP call (method, URL, status, duration, request id) on the verbose stream, and failed
    /// answers' bodies on the debug stream — always through the <see cref="Redactor"/>, and only when the stream is shown. Never logs request bodies
    /// or headers, which is where secrets, assertions and tokens travel.
    /// </summary>
    public sealed class TracingHandler : DelegatingHandler
    {
        private const int MaxLoggedBody = 2000;
        private static readonly string[] RequestIdHeaders = { "request-id", "x-ms-request-id", "client-request-id", "ms-correlation-x-cv", "x-ms-correlation-id" };

        public TracingHandler(HttpMessageHandler inner) : base(inner) { }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var log = S2SLogScope.Current;
            if (!log.IsVerboseEnabled && !log.IsDebugEnabled) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            var url = Redactor.RedactUrl(request.RequestUri);
            var watch = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                log.Verbose($"HTTP {request.Method} {url} failed after {watch.ElapsedMilliseconds} ms: {Redactor.Redact(ex.Message)}");
                throw;
            }

            if (log.IsVerboseEnabled)
            {
                var requestId = RequestIdHeaders
                    .Select(name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null)
                    .FirstOrDefault(value => !string.IsNullOrEmpty(value));
                log.Verbose($"HTTP {request.Method} {url} -> {(int)response.StatusCode} {response.ReasonPhrase} in {watch.ElapsedMilliseconds} ms" +
                            (requestId != null ? $" (request id {requestId})" : string.Empty));
            }

            if (log.IsDebugEnabled && !response.IsSuccessStatusCode && response.Content != null)
            {
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (body.Length > MaxLoggedBody) body = body.Substring(0, MaxLoggedBody) + "...";
                log.Debug($"HTTP {(int)response.StatusCode} body: {Redactor.Redact(body)}");
            }
            return response;
        }
    }
}
