using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Tests.Core.Emulated;
using Xunit;

namespace ALOps.S2S.Tests.Core.Kernel
{
    public class RowRunnerTests
    {
        private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

        private static readonly IS2SLog NoLog = new CollectingLog();

        [Fact]
        public async Task A_failing_row_fails_alone_and_each_task_stays_at_its_rows_place()
        {
            var rows = new[] { "a", "b", "c", "d" };
            var tasks = RowRunner.Start(rows, 4, _ => "tenant", _ => NoLog, async (row, ct) =>
            {
                await Task.Delay(row == "a" ? 100 : 10, ct);
                if (row == "b") throw new InvalidOperationException("row b failed");
                return row.ToUpperInvariant();
            }, CancellationToken.None);

            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }))).WaitAsync(Prompt);
            Assert.Equal("A", await tasks[0]);
            Assert.Equal("row b failed", Assert.IsType<InvalidOperationException>(tasks[1].Exception!.InnerException).Message);
            Assert.Equal("C", await tasks[2]);
            Assert.Equal("D", await tasks[3]);
        }

        [Fact]
        public async Task Runs_rows_side_by_side_up_to_the_limit_and_never_more()
        {
            var inFlight = 0;
            var most = 0;
            var gate = new object();
            var tasks = RowRunner.Start(Enumerable.Range(1, 12).ToList(), 3, r => "tenant" + r % 4, _ => NoLog, async (row, ct) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                lock (gate) most = Math.Max(most, now);
                await Task.Delay(50, ct);
                Interlocked.Decrement(ref inFlight);
                return row;
            }, CancellationToken.None);

            Assert.Equal(Enumerable.Range(1, 12), await Task.WhenAll(tasks).WaitAsync(Prompt));
            Assert.Equal(3, most);
        }

        [Fact]
        public async Task Rows_sorted_by_tenant_start_one_tenant_after_another_in_turn()
        {
            var rows = new[] { "t1/1", "t1/2", "t1/3", "t2/1", "t2/2", "t3/1" };
            var started = new List<string>();
            var tasks = RowRunner.Start(rows, 2, r => r.Split('/')[0], _ => NoLog, async (row, ct) =>
            {
                lock (started) started.Add(row);
                await Task.Delay(20, ct);
                return row;
            }, CancellationToken.None);

            await Task.WhenAll(tasks).WaitAsync(Prompt);
            Assert.Equal(new[] { "t1/1", "t2/1", "t3/1" }, started.Take(3).OrderBy(r => r));
        }

        [Fact]
        public async Task Each_row_reports_to_its_own_log()
        {
            var logs = new Dictionary<string, CollectingLog>();
            foreach (var row in new[] { "a", "b" }) logs[row] = new CollectingLog();
            var tasks = RowRunner.Start(new[] { "a", "b" }, 2, _ => "tenant", r => logs[r], (row, ct) =>
            {
                S2SLogScope.Current.Verbose("working on " + row);
                return Task.FromResult(row);
            }, CancellationToken.None);

            await Task.WhenAll(tasks).WaitAsync(Prompt);
            Assert.Equal(new[] { "VERBOSE working on a" }, logs["a"].Lines);
            Assert.Equal(new[] { "VERBOSE working on b" }, logs["b"].Lines);
        }

        [Fact]
        public async Task Cancelling_ends_running_and_waiting_rows_promptly()
        {
            using var stop = new CancellationTokenSource();
            var tasks = RowRunner.Start(Enumerable.Range(1, 10).ToList(), 2, _ => "tenant", _ => NoLog, async (row, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return row;
            }, stop.Token);

            await Task.Delay(50);
            stop.Cancel();
            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }))).WaitAsync(Prompt);
            Assert.All(tasks, t => Assert.True(t.IsCanceled));
        }

        [Fact]
        public async Task Rows_started_one_by_one_share_one_limit_and_each_gets_its_own_outcome()
        {
            var inFlight = 0;
            var most = 0;
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var start = RowRunner.Open<int, int>(2, r => "tenant" + r % 2, _ => NoLog, async (row, ct) =>
            {
                InterlockedMax(ref most, Interlocked.Increment(ref inFlight));
                await release.Task.WaitAsync(ct);
                Interlocked.Decrement(ref inFlight);
                if (row == 3) throw new InvalidOperationException("row 3 failed");
                return row * 10;
            }, CancellationToken.None);

            // The rows arrive one by one, as a previous command hands them on; the first two take the two slots.
            var tasks = Enumerable.Range(1, 6).Select(start).ToList();
            var deadline = DateTime.UtcNow + Prompt;
            while (Volatile.Read(ref inFlight) < 2 && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.Equal(2, Volatile.Read(ref inFlight));
            release.SetResult();
            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }))).WaitAsync(Prompt);

            Assert.Equal(2, most);
            Assert.Equal(new[] { 10, 20 }, new[] { await tasks[0], await tasks[1] });
            Assert.IsType<InvalidOperationException>(tasks[2].Exception!.InnerException);
            Assert.Equal(new[] { 40, 50, 60 }, new[] { await tasks[3], await tasks[4], await tasks[5] });
        }

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
                if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
        }
    }
}
