using System;
using System.Collections.Generic;

namespace ALOps.S2S.Core.Http
{
    /// <summary>
    /// The request rate one service allows one tenant, learned from its 429 answers. Unlimited until the first 429,
    /// which lowers it to 0.9 x the answered (non-429) requests that started in the last second (none: left alone); every quiet
    /// recovery interval raises it by 10% until it is unlimited again. Starts are reserved one slot at a time, so
    /// concurrent callers are spaced 1/rate apart. Times are offsets on one monotonic clock, passed in by the caller.
    /// </summary>
    internal sealed class AdaptiveRate
    {
        internal static readonly TimeSpan DefaultRecoveryInterval = TimeSpan.FromSeconds(5);

        private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
        private const double ShareOfAnsweredRate = 0.9;
        private const double RecoveryFactor = 1.1;
        private const double MinimumRate = 0.5;
        // Spacing below a millisecond is no pacing at all: drop the limit and its bookkeeping.
        private const double UnlimitedAbove = 1000;

        private readonly object _gate = new object();
        private readonly TimeSpan _recoveryInterval;
        // Start times of answered requests, in arrival order of their answers (not sorted); only the last window is kept.
        private readonly List<TimeSpan> _answeredStarts = new List<TimeSpan>();
        private double? _rate;
        private TimeSpan _lastAdjusted;
        private TimeSpan _nextStart;

        public AdaptiveRate(TimeSpan recoveryInterval) => _recoveryInterval = recoveryInterval;

        /// <summary>Requests per second allowed at <paramref name="now"/>; null when unlimited.</summary>
        public double? RequestsPerSecond(TimeSpan now)
        {
            lock (_gate)
            {
                Recover(now);
                return _rate;
            }
        }

        /// <summary>How many answered starts are kept (those of the last second at most).</summary>
        internal int RememberedAnswers
        {
            get { lock (_gate) return _answeredStarts.Count; }
        }

        /// <summary>Reserves the next start slot: <paramref name="now"/> when unlimited or free, else one spacing after the last reservation.</summary>
        public TimeSpan ReserveStart(TimeSpan now)
        {
            lock (_gate)
            {
                Recover(now);
                if (_rate == null) return now;
                var start = _nextStart > now ? _nextStart : now;
                _nextStart = start + TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / _rate.Value));
                return start;
            }
        }

        /// <summary>Records a request that started at <paramref name="startedAt"/> and was answered without a 429.</summary>
        public void Answered(TimeSpan startedAt, TimeSpan now)
        {
            lock (_gate)
            {
                ForgetBefore(now - Window);
                if (startedAt >= now - Window) _answeredStarts.Add(startedAt);
            }
        }

        /// <summary>Records a 429 at <paramref name="now"/>; returns the new rate when it was lowered, else null.</summary>
        public double? Throttled(TimeSpan now)
        {
            lock (_gate)
            {
                Recover(now);
                ForgetBefore(now - Window);
                _lastAdjusted = now;
                // Nothing answered in the last second: the service refuses everything (a storm, not a rate), where
                // pacing cannot help and would linger after it; each request's Retry-After governs instead.
                if (_answeredStarts.Count == 0) return null;
                var answeredRate = _answeredStarts.Count / Window.TotalSeconds;
                var lowered = Math.Max(MinimumRate, ShareOfAnsweredRate * answeredRate);
                if (_rate != null && lowered >= _rate.Value) return null;
                _rate = lowered;
                return lowered;
            }
        }

        private void Recover(TimeSpan now)
        {
            if (_rate == null || now - _lastAdjusted < _recoveryInterval) return;
            var intervals = (int)Math.Min(1000, (now - _lastAdjusted).Ticks / _recoveryInterval.Ticks);
            _rate *= Math.Pow(RecoveryFactor, intervals);
            _lastAdjusted += TimeSpan.FromTicks(_recoveryInterval.Ticks * intervals);
            if (_rate > UnlimitedAbove) _rate = null;
        }

        private void ForgetBefore(TimeSpan oldest) => _answeredStarts.RemoveAll(start => start < oldest);
    }
}
