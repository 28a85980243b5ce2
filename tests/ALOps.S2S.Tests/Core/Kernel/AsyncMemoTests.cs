using ALOps.S2S.Core.Kernel;
using Xunit;

namespace ALOps.S2S.Tests.Core.Kernel
{
    public class AsyncMemoTests
    {
        private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

        [Fact]
        public async Task Concurrent_calls_for_one_key_run_the_lookup_once_and_all_get_its_value()
        {
            var memo = new AsyncMemo<string, object>();
            var release = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            var calls = 0;
            Task<object> Lookup(string key)
            {
                Interlocked.Increment(ref calls);
                return release.Task;
            }

            var waiting = Enumerable.Range(0, 20).Select(_ => Task.Run(() => memo.GetAsync("contoso", Lookup))).ToList();
            await Task.Delay(100);
            Assert.All(waiting, w => Assert.False(w.IsCompleted));
            var value = new object();
            release.SetResult(value);
            var results = await Task.WhenAll(waiting).WaitAsync(Prompt);

            Assert.Equal(1, calls);
            Assert.All(results, r => Assert.Same(value, r));
            // Kept for the rest of the run: a later call does not look up again.
            Assert.Same(value, await memo.GetAsync("contoso", _ => throw new InvalidOperationException("looked up again")));
            Assert.Equal(1, calls);
        }

        [Fact]
        public async Task Different_keys_run_their_own_lookups()
        {
            var memo = new AsyncMemo<string, string>();
            var looked = new List<string>();
            Task<string> Lookup(string key)
            {
                lock (looked) looked.Add(key);
                return Task.FromResult("value of " + key);
            }

            var a = await memo.GetAsync("a", Lookup);
            var b = await memo.GetAsync("b", Lookup);
            var a2 = await memo.GetAsync("a", Lookup);

            Assert.Equal("value of a", a);
            Assert.Equal("value of b", b);
            Assert.Equal("value of a", a2);
            Assert.Equal(new[] { "a", "b" }, looked);
        }

        [Fact]
        public async Task A_key_whose_lookup_is_still_running_does_not_hold_up_another_key()
        {
            var memo = new AsyncMemo<string, string>();
            var never = new TaskCompletionSource<string>();
            var slow = memo.GetAsync("slow", _ => never.Task);

            Assert.Equal("fast", await memo.GetAsync("fast", _ => Task.FromResult("fast")).WaitAsync(Prompt));
            Assert.False(slow.IsCompleted);
        }

        [Fact]
        public async Task A_failed_lookup_is_forgotten_and_the_next_call_runs_it_again()
        {
            var memo = new AsyncMemo<string, string>();
            var calls = 0;
            Task<string> Lookup(string key)
            {
                var call = Interlocked.Increment(ref calls);
                return call == 1 ? Task.FromException<string>(new InvalidOperationException("first fails")) : Task.FromResult("second works");
            }

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => memo.GetAsync("k", Lookup));
            Assert.Equal("first fails", error.Message);
            Assert.Empty(memo.Completed);

            Assert.Equal("second works", await memo.GetAsync("k", Lookup));
            Assert.Equal(2, calls);
            Assert.Equal("second works", await memo.GetAsync("k", Lookup));
            Assert.Equal(2, calls);
        }

        [Fact]
        public async Task A_lookup_that_throws_before_its_first_await_is_forgotten_too()
        {
            var memo = new AsyncMemo<string, string>();
            var calls = 0;
            Task<string> Lookup(string key)
            {
                if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("synchronous");
                return Task.FromResult("ok");
            }

            await Assert.ThrowsAsync<InvalidOperationException>(() => memo.GetAsync("k", Lookup));
            Assert.Equal("ok", await memo.GetAsync("k", Lookup));
            Assert.Equal(2, calls);
        }

        [Fact]
        public async Task A_cancelled_lookup_is_forgotten_and_the_next_call_runs_it_again()
        {
            var memo = new AsyncMemo<string, string>();
            using var cts = new CancellationTokenSource();
            var calls = 0;
            async Task<string> Cancellable(string key)
            {
                Interlocked.Increment(ref calls);
                await Task.Delay(Timeout.Infinite, cts.Token);
                return "never";
            }

            var first = memo.GetAsync("k", Cancellable);
            var joined = memo.GetAsync("k", Cancellable);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Prompt));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => joined.WaitAsync(Prompt));
            Assert.Equal(1, calls);
            Assert.Empty(memo.Completed);

            Assert.Equal("again", await memo.GetAsync("k", _ => { Interlocked.Increment(ref calls); return Task.FromResult("again"); }));
            Assert.Equal(2, calls);
        }

        [Fact]
        public async Task A_failure_of_an_old_lookup_does_not_forget_the_newer_one()
        {
            var memo = new AsyncMemo<string, string>();
            var failing = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = memo.GetAsync("k", _ => failing.Task);
            var second = memo.GetAsync("k", _ => throw new InvalidOperationException("joined the first lookup, so never run"));
            failing.SetException(new InvalidOperationException("old"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => first);
            await Assert.ThrowsAsync<InvalidOperationException>(() => second);

            Assert.Equal("new", await memo.GetAsync("k", _ => Task.FromResult("new")));
            Assert.Equal("new", await memo.GetAsync("k", _ => Task.FromResult("newer")));
            Assert.Equal(new[] { "new" }, memo.Completed);
        }

        [Fact]
        public async Task Completed_lists_only_the_successful_values()
        {
            var memo = new AsyncMemo<string, string>();
            var pending = new TaskCompletionSource<string>();
            await memo.GetAsync("ok1", _ => Task.FromResult("one"));
            await memo.GetAsync("ok2", _ => Task.FromResult("two"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => memo.GetAsync("bad", _ => Task.FromException<string>(new InvalidOperationException())));
            var running = memo.GetAsync("running", _ => pending.Task);

            Assert.Equal(new[] { "one", "two" }, memo.Completed.OrderBy(v => v));
            pending.SetResult("three");
            await running;
            Assert.Equal(new[] { "one", "three", "two" }, memo.Completed.OrderBy(v => v));
        }

        [Fact]
        public async Task The_comparer_is_honoured()
        {
            var memo = new AsyncMemo<string, string>(StringComparer.OrdinalIgnoreCase);
            var calls = 0;
            Task<string> Lookup(string key)
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult(key);
            }

            var first = await memo.GetAsync("Contoso.OnMicrosoft.com", Lookup);
            var second = await memo.GetAsync("contoso.onmicrosoft.com", Lookup);

            Assert.Equal(1, calls);
            Assert.Equal("Contoso.OnMicrosoft.com", second);
            Assert.Single(memo.Completed);

            var ordinal = new AsyncMemo<string, string>();
            await ordinal.GetAsync("A", Lookup);
            await ordinal.GetAsync("a", Lookup);
            Assert.Equal(3, calls);
        }
    }
}
