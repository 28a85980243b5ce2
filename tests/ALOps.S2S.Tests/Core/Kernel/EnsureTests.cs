using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Kernel;
using Xunit;

namespace ALOps.S2S.Tests.Core.Kernel
{
    public class EnsureTests
    {
        private static readonly ReplicationWait ShortWait = new ReplicationWait(TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(50));

        /// <summary>A toy resource: a set of names, with a counted write that adds one.</summary>
        private sealed class Names
        {
            public HashSet<string> Held { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            public int Reads;
            public int Writes;

            public EnsureStep<bool, string> Add(string name) => new EnsureStep<bool, string>(
                read: _ =>
                {
                    Reads++;
                    return Task.FromResult(Held.Contains(name));
                },
                plan: held => held ? null : new PlannedChange("names", $"Add {name}"),
                apply: (_, _) =>
                {
                    Writes++;
                    Held.Add(name);
                    return Task.FromResult(name);
                });
        }

        private sealed class RecordingGate : IChangeGate
        {
            private readonly bool _answer;
            public RecordingGate(bool answer) => _answer = answer;
            public List<(string Target, string Action)> Asked { get; } = new List<(string, string)>();

            public Task<bool> ApproveAsync(string target, string action)
            {
                Asked.Add((target, action));
                return Task.FromResult(_answer);
            }
        }

        [Fact]
        public async Task A_step_already_in_state_asks_nothing_writes_nothing_and_reports_no_change()
        {
            var names = new Names();
            names.Held.Add("api");
            var gate = new RecordingGate(true);
            var changes = new List<string>();
            var skipped = new List<string>();

            var outcome = await new Ensure(gate, ShortWait).RunAsync(names.Add("api"), CancellationToken.None);
            outcome.RecordIn(changes, skipped);

            Assert.Equal(StepStatus.InState, outcome.Status);
            Assert.Null(outcome.Change);
            Assert.Equal(1, names.Reads);
            Assert.Equal(0, names.Writes);
            Assert.Empty(gate.Asked);
            Assert.Empty(changes);
            Assert.Empty(skipped);
        }

        [Fact]
        public async Task A_gate_that_says_no_is_asked_with_the_plan_and_nothing_is_written()
        {
            var names = new Names();
            var gate = new RecordingGate(false);
            var changes = new List<string>();
            var skipped = new List<string>();

            var outcome = await new Ensure(gate, ShortWait).RunAsync(names.Add("api"), CancellationToken.None);
            outcome.RecordIn(changes, skipped);

            Assert.Equal(StepStatus.Declined, outcome.Status);
            Assert.Equal(new[] { ("names", "Add api") }, gate.Asked);
            Assert.Equal(0, names.Writes);
            Assert.Empty(names.Held);
            Assert.Null(outcome.Result);
            Assert.Empty(changes);
            Assert.Equal(new[] { "Add api" }, skipped);
        }

        [Fact]
        public async Task An_approved_change_is_written_once_and_reported_with_the_planned_action()
        {
            var names = new Names();
            var changes = new List<string>();
            var skipped = new List<string>();
            var ensure = new Ensure(new RecordingGate(true), ShortWait);

            var first = await ensure.RunAsync(names.Add("api"), CancellationToken.None);
            first.RecordIn(changes, skipped);
            var second = await ensure.RunAsync(names.Add("api"), CancellationToken.None);
            second.RecordIn(changes, skipped);

            Assert.Equal(StepStatus.Changed, first.Status);
            Assert.Equal("api", first.Result);
            Assert.Equal(StepStatus.InState, second.Status);
            Assert.Equal(1, names.Writes);
            Assert.Equal(new[] { "Add api" }, changes);
            Assert.Empty(skipped);
        }

        [Fact]
        public async Task A_plan_that_rejects_the_input_throws_before_the_gate_and_writes_nothing()
        {
            var gate = new RecordingGate(true);
            var writes = 0;
            var step = new EnsureStep<string, bool>(
                read: _ => Task.FromResult("taken"),
                plan: name => throw new S2SException(S2SErrors.FederatedCredentialNameInUse, $"'{name}' is in use.", name, "Give another name."),
                apply: (_, _) => Task.FromResult(++writes > 0));

            var error = await Assert.ThrowsAsync<S2SException>(() => new Ensure(gate, ShortWait).RunAsync(step, CancellationToken.None));

            Assert.Equal(S2SErrors.FederatedCredentialNameInUse, error.ErrorId);
            Assert.Empty(gate.Asked);
            Assert.Equal(0, writes);
        }

        [Fact]
        public async Task A_write_that_finds_the_change_made_meanwhile_succeeds_without_reporting_a_change()
        {
            var changes = new List<string>();
            var step = new EnsureStep<bool, bool>(
                read: _ => Task.FromResult(false),
                plan: held => new PlannedChange("environment", "Assign D365 AUTOMATION"),
                apply: (_, _) => Task.FromResult(false)) { Made = made => made };

            var outcome = await new Ensure(new RecordingGate(true), ShortWait).RunAsync(step, CancellationToken.None);
            outcome.RecordIn(changes, null);

            Assert.Equal(StepStatus.MadeMeanwhile, outcome.Status);
            Assert.True(outcome.Applied);
            Assert.False(outcome.Changed);
            Assert.Empty(changes);
        }

        [Fact]
        public async Task A_write_is_retried_while_it_meets_a_replication_symptom_and_not_after_any_other_error()
        {
            var attempts = 0;
            var step = new EnsureStep<bool, int>(
                read: _ => Task.FromResult(false),
                plan: _ => new PlannedChange("tenant", "Create the service principal"),
                apply: (_, _) => ++attempts < 3 ? throw new KeyNotFoundException("not replicated yet") : Task.FromResult(attempts))
            {
                RetryWhile = e => e is KeyNotFoundException,
            };
            var outcome = await new Ensure(new RecordingGate(true), ShortWait).RunAsync(step, CancellationToken.None);
            Assert.Equal(StepStatus.Changed, outcome.Status);
            Assert.Equal(3, outcome.Result);

            var other = 0;
            var failing = new EnsureStep<bool, int>(
                read: _ => Task.FromResult(false),
                plan: _ => new PlannedChange("tenant", "Create the service principal"),
                apply: (_, _) => throw new InvalidOperationException("refused (attempt " + ++other + ")"))
            {
                RetryWhile = e => e is KeyNotFoundException,
            };
            await Assert.ThrowsAsync<InvalidOperationException>(() => new Ensure(new RecordingGate(true), ShortWait).RunAsync(failing, CancellationToken.None));
            Assert.Equal(1, other);
        }

        [Fact]
        public async Task A_wait_that_never_sees_the_change_ends_with_the_one_replication_timeout_error()
        {
            var looks = 0;
            var step = new EnsureStep<bool, bool>(
                read: _ => Task.FromResult(false),
                plan: _ => new PlannedChange("tenant", "Grant API.ReadWrite.All"),
                apply: (_, _) => Task.FromResult(true))
            {
                ShowsAsync = (_, _) => Task.FromResult(++looks < 0),
                Activity = "Granting API.ReadWrite.All",
            };
            var watch = System.Diagnostics.Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<S2SException>(() => new Ensure(new RecordingGate(true), ShortWait).RunAsync(step, CancellationToken.None));

            Assert.Equal("S2S.ReplicationTimeout", error.ErrorId.Value);
            Assert.Equal(S2SErrorKind.OperationTimeout, error.Kind);
            Assert.Equal("Granting API.ReadWrite.All", error.Target);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
            Assert.True(looks > 1, $"looked {looks} times");
            Assert.InRange(watch.Elapsed.TotalSeconds, 0.5, 10);
        }

        [Fact]
        public async Task A_write_that_meets_replication_until_the_budget_ends_times_out_with_the_last_symptom_inside()
        {
            var step = new EnsureStep<bool, bool>(
                read: _ => Task.FromResult(false),
                plan: _ => new PlannedChange("tenant", "Add a client secret"),
                apply: (_, _) => throw new KeyNotFoundException("404 Request_ResourceNotFound"))
            {
                RetryWhile = e => e is KeyNotFoundException,
            };

            var error = await Assert.ThrowsAsync<S2SException>(() => new Ensure(new RecordingGate(true), ShortWait).RunAsync(step, CancellationToken.None));

            Assert.Equal(S2SErrors.ReplicationTimeout, error.ErrorId);
            Assert.IsType<KeyNotFoundException>(error.InnerException);
        }

        /// <summary>A gate that answers each question only when the test says so, and records whether two were ever open at once.</summary>
        private sealed class PersonGate : IChangeGate
        {
            private readonly Func<string, bool> _answer;
            private TaskCompletionSource<bool>? _open;
            public PersonGate(Func<string, bool> answer) => _answer = answer;
            public List<string> Asked { get; } = new List<string>();
            public bool TwoOpenAtOnce { get; private set; }

            public Task<bool> ApproveAsync(string target, string action)
            {
                lock (Asked)
                {
                    if (_open != null && !_open.Task.IsCompleted) TwoOpenAtOnce = true;
                    Asked.Add(action);
                    _open = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    var open = _open;
                    // The person answers a moment later, as at a -Confirm prompt.
                    _ = Task.Delay(30).ContinueWith(_ => open.SetResult(_answer(action)), TaskScheduler.Default);
                    return open.Task;
                }
            }
        }

        [Fact]
        public async Task Steps_side_by_side_read_together_ask_one_at_a_time_in_order_and_write_the_approved_together()
        {
            var reading = 0;
            var maxReading = 0;
            var writing = 0;
            var maxWriting = 0;
            var written = new List<string>();
            EnsureStep<bool, bool> Step(string name) => new EnsureStep<bool, bool>(
                read: async _ =>
                {
                    var now = Interlocked.Increment(ref reading);
                    lock (written) maxReading = Math.Max(maxReading, now);
                    await Task.Delay(100);
                    Interlocked.Decrement(ref reading);
                    return name == "held";
                },
                plan: held => held ? null : new PlannedChange("names", $"Add {name}"),
                apply: async (_, _) =>
                {
                    var now = Interlocked.Increment(ref writing);
                    lock (written) maxWriting = Math.Max(maxWriting, now);
                    await Task.Delay(100);
                    Interlocked.Decrement(ref writing);
                    lock (written) written.Add(name);
                    return true;
                });
            var gate = new PersonGate(action => action != "Add declined");

            var outcomes = await new Ensure(gate, ShortWait).RunSideBySideAsync(new[] { Step("a"), Step("held"), Step("declined"), Step("b"), Step("c") }, CancellationToken.None);

            Assert.Equal(5, maxReading);
            Assert.Equal(new[] { "Add a", "Add declined", "Add b", "Add c" }, gate.Asked);
            Assert.False(gate.TwoOpenAtOnce);
            Assert.Equal(new[] { StepStatus.Changed, StepStatus.InState, StepStatus.Declined, StepStatus.Changed, StepStatus.Changed }, outcomes.Select(o => o.Status));
            Assert.Equal(new[] { "a", "b", "c" }, written.OrderBy(n => n));
            Assert.Equal(3, maxWriting);
        }

        [Fact]
        public async Task Steps_side_by_side_ask_nothing_and_write_nothing_when_a_plan_rejects_the_input()
        {
            var names = new Names();
            var gate = new RecordingGate(true);
            var bad = new EnsureStep<bool, string>(_ => Task.FromResult(false), _ => throw new S2SException(S2SErrors.UnknownPermission, "bad input", "x", "fix it"), (_, _) => Task.FromResult("x"));

            var error = await Assert.ThrowsAsync<S2SException>(() => new Ensure(gate, ShortWait).RunSideBySideAsync(new[] { names.Add("api"), bad }, CancellationToken.None));

            Assert.Equal(S2SErrors.UnknownPermission, error.ErrorId);
            Assert.Empty(gate.Asked);
            Assert.Equal(0, names.Writes);
        }

        [Fact]
        public async Task Cancellation_stops_a_wait_promptly()
        {
            var step = new EnsureStep<bool, bool>(
                read: _ => Task.FromResult(false),
                plan: _ => new PlannedChange("tenant", "Create the service principal"),
                apply: (_, _) => throw new KeyNotFoundException("not replicated yet"))
            {
                RetryWhile = e => e is KeyNotFoundException,
            };
            var patient = new Ensure(new RecordingGate(true), new ReplicationWait(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(2)));
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var watch = System.Diagnostics.Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => patient.RunAsync(step, cts.Token));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"stopped after {watch.Elapsed}");
        }

        [Fact]
        public async Task Cancellation_while_the_gate_is_answering_stops_before_the_write()
        {
            var names = new Names();
            using var cts = new CancellationTokenSource();
            var gate = new CancellingGate(cts);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new Ensure(gate, ShortWait).RunAsync(names.Add("api"), cts.Token));

            Assert.Equal(0, names.Writes);
        }

        /// <summary>Says yes, while Ctrl+C arrives during the question.</summary>
        private sealed class CancellingGate : IChangeGate
        {
            private readonly CancellationTokenSource _cts;
            public CancellingGate(CancellationTokenSource cts) => _cts = cts;

            public Task<bool> ApproveAsync(string target, string action)
            {
                _cts.Cancel();
                return Task.FromResult(true);
            }
        }
    }
}
