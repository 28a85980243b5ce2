using System.Globalization;
using System.Text.RegularExpressions;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Tests.Core.Emulated;
using Xunit;

namespace ALOps.S2S.Tests.Core.Kernel
{
    public class ReplicationWaitTests
    {
        [Fact]
        public async Task A_read_is_polled_until_its_result_shows_the_change_and_that_result_is_returned()
        {
            var reads = 0;
            var wait = new ReplicationWait(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));

            var found = await wait.UntilAsync("Reading the service principal", _ => Task.FromResult(++reads >= 4 ? "sp-" + reads : null),
                CancellationToken.None, shows: sp => sp != null);

            Assert.Equal("sp-4", found);
            Assert.Equal(4, reads);
        }

        [Fact]
        public async Task An_error_that_is_no_replication_symptom_ends_the_wait_at_once()
        {
            var attempts = 0;
            var wait = new ReplicationWait(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));

            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => wait.UntilAsync<int>("Granting", _ =>
            {
                attempts++;
                throw new UnauthorizedAccessException("403");
            }, CancellationToken.None, retryWhile: e => e is KeyNotFoundException));

            Assert.Equal(1, attempts);
        }

        [Fact]
        public async Task The_back_off_doubles_up_to_the_longest_interval_and_reports_progress()
        {
            var log = new CollectingLog();
            using var scope = S2SLogScope.Begin(log);
            var wait = new ReplicationWait(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(600));
            var attempts = 0;

            var error = await Assert.ThrowsAsync<S2SException>(() => wait.UntilAsync("Reading", _ => Task.FromResult(++attempts), CancellationToken.None, shows: _ => false));

            Assert.Equal(S2SErrors.ReplicationTimeout, error.ErrorId);
            Assert.Null(error.InnerException);
            var pauses = log.Lines.Select(l => Regex.Match(l, @"checking again in ([0-9.]+) s")).Where(m => m.Success)
                .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            Assert.True(pauses.Count >= 3, string.Join(", ", pauses));
            // 0.25 s, then doubled, and never more than 0.6 s.
            Assert.Equal(0.25, pauses[0]);
            Assert.Equal(0.5, pauses[1]);
            Assert.All(pauses.Skip(2), p => Assert.Equal(0.6, p));
            Assert.Contains(log.ProgressUpdates, p => p.Status.Contains("replication", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task A_cancelled_token_stops_the_wait_between_attempts()
        {
            var wait = new ReplicationWait(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(2));
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var watch = System.Diagnostics.Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.UntilAsync("Reading", _ => Task.FromResult(0), cts.Token, shows: _ => false));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"stopped after {watch.Elapsed}");
        }
    }
}
