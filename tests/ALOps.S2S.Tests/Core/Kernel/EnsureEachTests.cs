using ALOps.S2S.Core.Kernel;
using Xunit;

namespace ALOps.S2S.Tests.Core.Kernel
{
    /// <summary>Steps of several changes: each asked on its own in the plan's order, the approved ones written together.</summary>
    public class EnsureEachTests
    {
        /// <summary>Answers each question from a list, in order, and records what it was asked; can cancel on a question.</summary>
        private sealed class ScriptedGate : IChangeGate
        {
            private readonly Queue<bool> _answers;
            private readonly Action? _onAsk;
            public ScriptedGate(IEnumerable<bool> answers, Action? onAsk = null)
            {
                _answers = new Queue<bool>(answers);
                _onAsk = onAsk;
            }

            public List<string> Asked { get; } = new List<string>();
            public int WritesWhenLastAsked;
            public Func<int> Writes = () => 0;

            public Task<bool> ApproveAsync(string target, string action)
            {
                Asked.Add(action);
                WritesWhenLastAsked = Writes();
                _onAsk?.Invoke();
                return Task.FromResult(_answers.Dequeue());
            }
        }

        private static EnsureEachStep<string[], string> RemoveEach(string[] held, string[] wanted, List<IReadOnlyList<string>> writes)
            => new EnsureEachStep<string[], string>(
                read: _ => Task.FromResult(held),
                plan: state => state.Where(wanted.Contains).Select(n => new Planned<string>(n, new PlannedChange("names", $"Remove {n}"))).ToList(),
                apply: (_, approved, _) =>
                {
                    writes.Add(approved);
                    return Task.CompletedTask;
                });

        [Fact]
        public async Task Each_change_is_asked_in_the_plans_order_and_the_approved_ones_are_written_together_after_every_answer()
        {
            var writes = new List<IReadOnlyList<string>>();
            var gate = new ScriptedGate(new[] { true, false, true }) { Writes = () => writes.Count };

            var outcome = await new Ensure(gate).RunEachAsync(RemoveEach(new[] { "a", "b", "c", "d" }, new[] { "a", "b", "c" }, writes), CancellationToken.None);

            Assert.Equal(new[] { "Remove a", "Remove b", "Remove c" }, gate.Asked);
            Assert.Equal(0, gate.WritesWhenLastAsked);
            var written = Assert.Single(writes);
            Assert.Equal(new[] { "a", "c" }, written);
            Assert.Equal(new[] { "a", "c" }, outcome.Applied);
            Assert.Equal("Remove b", Assert.Single(outcome.Declined).Action);
        }

        [Fact]
        public async Task A_plan_without_items_asks_nothing_and_writes_nothing()
        {
            var writes = new List<IReadOnlyList<string>>();
            var gate = new ScriptedGate(Array.Empty<bool>());

            var outcome = await new Ensure(gate).RunEachAsync(RemoveEach(new[] { "x" }, new[] { "a" }, writes), CancellationToken.None);

            Assert.Empty(gate.Asked);
            Assert.Empty(writes);
            Assert.Empty(outcome.Applied);
            Assert.Empty(outcome.Declined);
        }

        [Fact]
        public async Task Every_change_declined_writes_nothing()
        {
            var writes = new List<IReadOnlyList<string>>();
            var gate = new ScriptedGate(new[] { false, false });

            var outcome = await new Ensure(gate).RunEachAsync(RemoveEach(new[] { "a", "b" }, new[] { "a", "b" }, writes), CancellationToken.None);

            Assert.Equal(2, gate.Asked.Count);
            Assert.Empty(writes);
            Assert.Equal(2, outcome.Declined.Count);
        }

        [Fact]
        public async Task Cancellation_while_the_questions_are_answered_stops_before_the_write()
        {
            var writes = new List<IReadOnlyList<string>>();
            using var cts = new CancellationTokenSource();
            var gate = new ScriptedGate(new[] { true, true }, onAsk: cts.Cancel);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new Ensure(gate).RunEachAsync(RemoveEach(new[] { "a", "b" }, new[] { "a", "b" }, writes), cts.Token));
            Assert.Empty(writes);
        }
    }
}
