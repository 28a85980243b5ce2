using ALOps.S2S.Core.Kernel;
using Xunit;

namespace ALOps.S2S.Tests.Core.Kernel
{
    public class FairLimiterTests
    {
        private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

        [Fact]
        public async Task Admits_at_most_the_limit_and_the_next_waiter_when_a_holder_leaves()
        {
            var limiter = new FairLimiter(3);
            var entries = Enumerable.Range(0, 5).Select(_ => limiter.EnterAsync("contoso", CancellationToken.None)).ToList();

            Assert.Equal(3, entries.Count(e => e.IsCompleted));
            (await entries[0]).Dispose();
            Assert.Equal(4, entries.Count(e => e.IsCompleted));
            Assert.True(entries[3].IsCompletedSuccessfully);
            Assert.False(entries[4].IsCompleted);
        }

        [Fact]
        public async Task Rows_sorted_by_tenant_end_up_sharing_the_slots_evenly()
        {
            var limiter = new FairLimiter(10);
            var tenants = new[] { "a", "b", "c", "d", "e" };
            var rows = tenants.SelectMany(t => Enumerable.Range(0, 20).Select(_ => (Tenant: t, Entry: limiter.EnterAsync(t, CancellationToken.None)))).ToList();
            var first = rows.Take(10).ToList();
            Assert.All(first, r => Assert.Equal("a", r.Tenant));
            Assert.All(first, r => Assert.True(r.Entry.IsCompletedSuccessfully));

            // Each slot the first tenant frees goes to the tenant with the fewest holders, the longest waiter first.
            var grantedTo = new List<string>();
            foreach (var row in first)
            {
                var before = rows.Skip(10).Where(r => r.Entry.IsCompleted).ToList();
                (await row.Entry).Dispose();
                grantedTo.Add(rows.Skip(10).Where(r => r.Entry.IsCompleted).Except(before).Single().Tenant);
            }

            Assert.Equal(new[] { "b", "c", "d", "e", "b", "c", "d", "e", "a", "a" }, grantedTo);
            var holdersPerTenant = rows.Skip(10).Where(r => r.Entry.IsCompleted).GroupBy(r => r.Tenant).ToDictionary(g => g.Key, g => g.Count());
            Assert.All(tenants, t => Assert.Equal(2, holdersPerTenant[t]));
        }

        [Fact]
        public async Task Concurrent_rows_sorted_by_tenant_never_let_one_tenant_keep_every_slot()
        {
            var limiter = new FairLimiter(10);
            var holding = new Dictionary<string, int>();
            var peakAfterWarmUp = new Dictionary<string, int>();
            var entered = new Dictionary<string, int>();
            var finished = 0;
            var gate = new object();
            var tenants = new[] { "a", "b", "c", "d", "e" };

            async Task Row(string tenant)
            {
                using (await limiter.EnterAsync(tenant, CancellationToken.None))
                {
                    lock (gate)
                    {
                        holding[tenant] = holding.GetValueOrDefault(tenant) + 1;
                        entered[tenant] = entered.GetValueOrDefault(tenant) + 1;
                        // Fairness is owed only while another tenant still waits: once the others are done, one tenant may take every slot.
                        var othersWaiting = tenants.Any(other => other != tenant && entered.GetValueOrDefault(other) < 20);
                        if (finished >= 20 && othersWaiting) peakAfterWarmUp[tenant] = Math.Max(peakAfterWarmUp.GetValueOrDefault(tenant), holding[tenant]);
                    }
                    await Task.Delay(20);
                    lock (gate)
                    {
                        holding[tenant]--;
                        finished++;
                    }
                }
            }

            await Task.WhenAll(tenants.SelectMany(t => Enumerable.Range(0, 20).Select(_ => Row(t))).ToList()).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(100, finished);
            Assert.True(peakAfterWarmUp.Count >= 2, "more than one tenant ran once the first rows finished");
            Assert.All(peakAfterWarmUp.Values, peak => Assert.True(peak <= 6, $"one tenant held {peak} of 10 slots after warm-up"));
        }

        [Fact]
        public async Task Waiters_of_one_key_enter_first_in_first_out()
        {
            var limiter = new FairLimiter(1);
            var holder = await limiter.EnterAsync("contoso", CancellationToken.None);
            var waiters = Enumerable.Range(0, 4).Select(_ => limiter.EnterAsync("contoso", CancellationToken.None)).ToList();

            holder.Dispose();
            for (var i = 0; i < waiters.Count; i++)
            {
                Assert.True(waiters[i].IsCompletedSuccessfully, $"waiter {i} entered");
                Assert.All(waiters.Skip(i + 1), later => Assert.False(later.IsCompleted));
                (await waiters[i]).Dispose();
            }
        }

        [Fact]
        public async Task A_cancelled_waiter_leaves_the_queue_without_taking_or_leaking_a_slot()
        {
            var limiter = new FairLimiter(1);
            var holder = await limiter.EnterAsync("contoso", CancellationToken.None);
            using var cts = new CancellationTokenSource();
            var cancelled = limiter.EnterAsync("contoso", cts.Token);
            var next = limiter.EnterAsync("fabrikam", CancellationToken.None);

            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Prompt));
            Assert.True(cancelled.IsCanceled);
            Assert.False(next.IsCompleted);

            holder.Dispose();
            var entered = await next.WaitAsync(Prompt);
            var blocked = limiter.EnterAsync("contoso", CancellationToken.None);
            Assert.False(blocked.IsCompleted);
            entered.Dispose();
            (await blocked.WaitAsync(Prompt)).Dispose();
            var free = limiter.EnterAsync("contoso", CancellationToken.None);
            Assert.True(free.IsCompletedSuccessfully, "the slot count is back to the limit");
        }

        [Fact]
        public async Task An_already_cancelled_token_gives_a_cancelled_task()
        {
            var limiter = new FairLimiter(1);
            var holder = await limiter.EnterAsync("contoso", CancellationToken.None);
            var entry = limiter.EnterAsync("contoso", new CancellationToken(canceled: true));
            Assert.True(entry.IsCanceled);
            holder.Dispose();
            Assert.True(limiter.EnterAsync("contoso", CancellationToken.None).IsCompletedSuccessfully);
        }

        [Fact]
        public async Task Disposing_a_holder_twice_frees_one_slot()
        {
            var limiter = new FairLimiter(1);
            var holder = await limiter.EnterAsync("contoso", CancellationToken.None);
            holder.Dispose();
            holder.Dispose();

            var first = limiter.EnterAsync("contoso", CancellationToken.None);
            var second = limiter.EnterAsync("contoso", CancellationToken.None);
            Assert.True(first.IsCompletedSuccessfully);
            Assert.False(second.IsCompleted);
        }
    }
}
