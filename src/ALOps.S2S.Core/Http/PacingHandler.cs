using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Http
{
    /// <summary>
    /// Paces request starts per service host and tenant once that pair answered 429 (see <see cref="AdaptiveRate"/>),
    /// so a batch of many rows stays within each tenant's throttling instead of meeting it again and again. Sits
    /// under the <see cref="RetryHandler"/>, so every attempt is paced. A 429 is handed back at once: the retry
    /// handler waits its Retry-After for that request alone, while the other rows of the tenant go on at the
    /// learned rate.
    /// </summary>
    public sealed class PacingHandler : DelegatingHandler
    {
        private static readonly Stopwatch Clock = Stopwatch.StartNew();

        // One table for the process: a service throttles a tenant however many of our connections and app sign-ins
        // call it, so what one learns the others must follow (each alone would see only its share of the answers).
        private static readonly ConcurrentDictionary<string, AdaptiveRate> SharedRates = new ConcurrentDictionary<string, AdaptiveRate>(StringComparer.Ordinal);

        private readonly ConcurrentDictionary<string, AdaptiveRate> _rates;
        private readonly TimeSpan _recoveryInterval;

        public PacingHandler(HttpMessageHandler inner) : base(inner)
        {
            _rates = SharedRates;
            _recoveryInterval = AdaptiveRate.DefaultRecoveryInterval;
        }

        /// <summary>With a table of its own (tests).</summary>
        internal PacingHandler(HttpMessageHandler inner, TimeSpan recoveryInterval) : base(inner)
        {
            _rates = new ConcurrentDictionary<string, AdaptiveRate>(StringComparer.Ordinal);
            _recoveryInterval = recoveryInterval;
        }

        /// <summary>The learned rate for the host and tenant of <paramref name="request"/>; null when unlimited.</summary>
        internal double? RequestsPerSecond(HttpRequestMessage request)
            => _rates.TryGetValue(PacingKey.For(request).Value, out var rate) ? rate.RequestsPerSecond(Clock.Elapsed) : null;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var key = PacingKey.For(request);
            var rate = _rates.GetOrAdd(key.Value, _ => new AdaptiveRate(_recoveryInterval));

            var wait = rate.ReserveStart(Clock.Elapsed) - Clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);

            var startedAt = Clock.Elapsed;
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode == 429)
            {
                var lowered = rate.Throttled(Clock.Elapsed);
                if (lowered != null)
                    S2SLogScope.Current.Verbose($"Throttled by {key.Host}{(key.Tenant != null ? " for tenant " + key.Tenant : string.Empty)}: pacing to {lowered.Value:0.#} requests per second.");
            }
            else
            {
                rate.Answered(startedAt, Clock.Elapsed);
            }
            return response;
        }
    }
}
