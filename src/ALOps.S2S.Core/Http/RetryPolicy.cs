using System;

namespace ALOps.S2S.Core.Http
{
    /// <summary>
    /// Bounds for retrying throttled and temporarily unavailable calls: a count (503, 504, broken connections), the
    /// longest single wait and a total wait (all, and the only bounds of 429).
    /// </summary>
    public sealed class RetryPolicy
    {
        public static readonly RetryPolicy Default = new RetryPolicy(maxRetries: 6, maxSingleWait: TimeSpan.FromSeconds(60), maxTotalWait: TimeSpan.FromSeconds(180));

        public RetryPolicy(int maxRetries, TimeSpan maxSingleWait, TimeSpan maxTotalWait, int maxConnectionRetries = 3, TimeSpan? attemptTimeout = null)
        {
            AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(100);
            MaxRetries = maxRetries;
            MaxConnectionRetries = Math.Min(maxRetries, maxConnectionRetries);
            MaxSingleWait = maxSingleWait;
            MaxTotalWait = maxTotalWait;
        }

        /// <summary>Retries of 503 and 504 answers; 429 answers are retried as long as the waits stay within bounds.</summary>
        public int MaxRetries { get; }
        /// <summary>How long one attempt may take before it counts as unanswered (the waits between attempts do not count).</summary>
        public TimeSpan AttemptTimeout { get; }
        /// <summary>
        /// Resends after a broken or refused connection (1, 2, 4 s): a blip passes in seconds, while a wrong or
        /// unreachable host should fail fast instead of after minutes of back-off.
        /// </summary>
        public int MaxConnectionRetries { get; }
        public TimeSpan MaxSingleWait { get; }
        public TimeSpan MaxTotalWait { get; }

        /// <summary>Exponential back-off (1, 2, 4, ... s) when the service gave no Retry-After.</summary>
        public TimeSpan BackOff(int attempt) => TimeSpan.FromSeconds(Math.Min(MaxSingleWait.TotalSeconds, Math.Pow(2, attempt - 1)));
    }
}
