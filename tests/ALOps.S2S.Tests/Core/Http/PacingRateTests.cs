using ALOps.S2S.Core.Http;
using Xunit;

namespace ALOps.S2S.Tests.Core.Http
{
    /// <summary>The learned rate of one host and tenant, on explicit times (no waiting).</summary>
    public class PacingRateTests
    {
        private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(5);

        private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);

        private static AdaptiveRate ThrottledAfter(int answeredInLastSecond, TimeSpan at)
        {
            var rate = new AdaptiveRate(Recovery);
            for (var i = 0; i < answeredInLastSecond; i++) rate.Answered(at - Seconds(0.5), at - Seconds(0.1));
            rate.Throttled(at);
            return rate;
        }

        [Fact]
        public void Is_unlimited_until_a_429()
        {
            var rate = new AdaptiveRate(Recovery);
            for (var i = 0; i < 100; i++) rate.Answered(Seconds(10), Seconds(10));
            Assert.Null(rate.RequestsPerSecond(Seconds(10)));
            Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(Seconds(10), rate.ReserveStart(Seconds(10))));
        }

        [Fact]
        public void A_429_lowers_the_rate_to_nine_tenths_of_what_was_answered_in_the_last_second()
        {
            var rate = new AdaptiveRate(Recovery);
            for (var i = 0; i < 5; i++) rate.Answered(Seconds(8), Seconds(8.5));
            for (var i = 0; i < 20; i++) rate.Answered(Seconds(9.2), Seconds(9.5));

            Assert.Equal(18, rate.Throttled(Seconds(10))!.Value, 6);
            Assert.Equal(18, rate.RequestsPerSecond(Seconds(10))!.Value, 6);
        }

        [Fact]
        public void A_429_without_answered_requests_leaves_the_rate_alone()
        {
            var rate = new AdaptiveRate(Recovery);
            Assert.Null(rate.Throttled(Seconds(3)));
            Assert.Null(rate.RequestsPerSecond(Seconds(3)));
        }

        [Fact]
        public void A_429_never_raises_the_rate()
        {
            var rate = ThrottledAfter(10, Seconds(10));
            Assert.Equal(9, rate.RequestsPerSecond(Seconds(10))!.Value, 6);

            for (var i = 0; i < 30; i++) rate.Answered(Seconds(10.5), Seconds(10.6));
            Assert.Null(rate.Throttled(Seconds(11)));
            Assert.Equal(9, rate.RequestsPerSecond(Seconds(11))!.Value, 6);
        }

        [Fact]
        public void Reservations_are_spaced_one_over_the_rate_apart()
        {
            var rate = ThrottledAfter(10, Seconds(10));
            var starts = Enumerable.Range(0, 4).Select(_ => rate.ReserveStart(Seconds(10))).ToList();

            Assert.Equal(Seconds(10), starts[0]);
            for (var i = 1; i < starts.Count; i++)
                Assert.Equal(1.0 / 9, (starts[i] - starts[i - 1]).TotalSeconds, 4);
            Assert.Equal(Seconds(20), rate.ReserveStart(Seconds(20)));
        }

        [Fact]
        public void Each_quiet_recovery_interval_raises_the_rate_by_ten_percent()
        {
            var rate = ThrottledAfter(10, Seconds(10));
            Assert.Equal(9, rate.RequestsPerSecond(Seconds(14.9))!.Value, 6);
            Assert.Equal(9.9, rate.RequestsPerSecond(Seconds(15))!.Value, 6);
            Assert.Equal(10.89, rate.RequestsPerSecond(Seconds(20.1))!.Value, 6);
        }

        [Fact]
        public void A_429_restarts_the_recovery_interval()
        {
            var rate = ThrottledAfter(10, Seconds(10));
            rate.Throttled(Seconds(14));
            Assert.Equal(9, rate.RequestsPerSecond(Seconds(18.9))!.Value, 6);
            Assert.Equal(9.9, rate.RequestsPerSecond(Seconds(19))!.Value, 6);
        }

        [Fact]
        public void Only_the_last_second_of_answers_is_kept()
        {
            var rate = new AdaptiveRate(Recovery);
            for (var ms = 0; ms < 10_000; ms++) rate.Answered(TimeSpan.FromMilliseconds(ms) - Seconds(0.05), TimeSpan.FromMilliseconds(ms));
            Assert.InRange(rate.RememberedAnswers, 900, 1000);
        }

        [Fact]
        public void Recovers_to_unlimited_after_a_long_quiet_time()
        {
            var rate = ThrottledAfter(1, Seconds(10));
            Assert.NotNull(rate.RequestsPerSecond(Seconds(60)));
            Assert.Null(rate.RequestsPerSecond(Seconds(10 + 5 * 80)));
            Assert.Equal(Seconds(500), rate.ReserveStart(Seconds(500)));
        }
    }
}
