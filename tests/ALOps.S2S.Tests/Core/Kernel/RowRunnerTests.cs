using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;
using Xunit;

namespace ALOps.S2S.Tests.Core.Kernel
{
    public class RowRunnerTests
    {
        private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

        private sealed class NoLog : IS2SLog
        {
            public static readonly NoLog Instance = new NoLog();
            public void Verbose(string message) { }
            public void Debug(string message) { }
            public void Warning(string message) { }
            public void Progress(S2SProgress progress) { }
        }

        [Fact]
        public async Task A_failing_row_fails_alone_and_each_task_stays_at_its_rows_place()
        {
            var rows = new[] { "a", "b", "c", "d" };
            var tasks = RowRunner.Start(rows, 4, _ => "tenant", _ => NoLog.Instance, async (row, ct) =>
            {
                await Task.Delay(row == "a" ? 100 : 10, ct);
                if (row == "b") throw new InvalidOperationException("row b failed");
                return row.ToUpperInvariant();
            }, CancellationToken.None);

            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }))).WaitAsync(Prompt);
            Assert.Equal("A", tasks[0].Result);
            Assert.Equal("row b failed", Assert.IsType<InvalidOperationException>(tasks[1].Exception!.InnerException).Message);
            Assert.Equal("C", tasks[2].Result);
            Assert.Equal("D", tasks[3].Result);
        }

        [Fact]
        public async Task Runs_rows_side_by_side_up_to_the_limit_and_never_more()
        {
            var inFlight = 0;
            var most = 0;
            var tasks = RowRunner.Start(Enumerable.Range(1, 12).ToList(), 3, r => "tenant" + r % 4, _ => NoLog.Instance, async (row, ct) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                lock (this) most = Math.Max(most, now);
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
            var tasks = RowRunner.Start(rows, 1 + 1, r => r.Split('/')[0], _ => NoLog.Instance, async (row, ct) =>
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
            var logs = new Dictionary<string, CollectingRowLog>();
            foreach (var row in new[] { "a", "b" }) logs[row] = new CollectingRowLog();
            var tasks = RowRunner.Start(new[] { "a", "b" }, 2, _ => "tenant", r => logs[r], (row, ct) =>
            {
                S2SLogScope.Current.Verbose("working on " + row);
                return Task.FromResult(row);
            }, CancellationToken.None);

            await Task.WhenAll(tasks).WaitAsync(Prompt);
            Assert.Equal(new[] { "working on a" }, logs["a"].Lines);
            Assert.Equal(new[] { "working on b" }, logs["b"].Lines);
        }

        [Fact]
        public async Task Cancelling_ends_running_and_waiting_rows_promptly()
        {
            using var stop = new CancellationTokenSource();
            var tasks = RowRunner.Start(Enumerable.Range(1, 10).ToList(), 2, _ => "tenant", _ => NoLog.Instance, async (row, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return row;
            }, stop.Token);

            await Task.Delay(50);
            stop.Cancel();
            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }))).WaitAsync(Prompt);
            Assert.All(tasks, t => Assert.True(t.IsCanceled));
        }

        private sealed class CollectingRowLog : IS2SLog
        {
            public List<string> Lines { get; } = new List<string>();
            public void Verbose(string message) { lock (Lines) Lines.Add(message); }
            public void Debug(string message) { }
            public void Warning(string message) { }
            public void Progress(S2SProgress progress) { }
        }
    }
}
