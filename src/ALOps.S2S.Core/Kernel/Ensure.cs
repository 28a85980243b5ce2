using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ALOps.S2S.Core.Kernel
{
    /// <summary>
    /// The ensure kernel: the one place where an idempotent change is read, planned, approved, made, waited for and
    /// reported. For each <see cref="EnsureStep{TState, TResult}"/>:
    /// <list type="number">
    /// <item>Read the current state (<see cref="EnsureStep{TState, TResult}.Read"/>).</item>
    /// <item>Plan (<see cref="EnsureStep{TState, TResult}.Plan"/>): no change planned means in state — nothing is asked or written.</item>
    /// <item>Ask the change gate with the plan's target and action (the cmdlets answer with ShouldProcess, so -WhatIf prints
    /// the plan and writes nothing, and -Confirm asks per change); declined means nothing is written.</item>
    /// <item>Apply, retried through <see cref="ReplicationWait"/> while it fails with a replication symptom
    /// (<see cref="EnsureStep{TState, TResult}.RetryWhile"/>).</item>
    /// <item>Optionally wait until a read shows the change (<see cref="EnsureStep{TState, TResult}.ShowsAsync"/>).</item>
    /// <item>Report: the <see cref="StepOutcome{TState, TResult}"/> says what happened; <see cref="StepOutcome{TState, TResult}.RecordIn"/>
    /// puts the action on the result's Changes or SkippedChanges.</item>
    /// </list>
    /// Errors are the step's own: the kernel adds only <c>S2S.ReplicationTimeout</c> (a wait that never saw the change)
    /// and cancellation. A service holds one <see cref="Ensure"/> (its gate and its replication budget) for all its steps.
    /// </summary>
    /// <example>
    /// A step that sets an app's notes (read, plan, apply; the kernel asks the gate and reports):
    /// <code>
    /// var notes = await _ensure.RunAsync(new EnsureStep&lt;Application, Application?&gt;(
    ///     read: _ =&gt; Task.FromResult(app),                                    // read ahead: no extra request
    ///     plan: a =&gt; a.Notes == wanted ? null                                  // in state: no question, no write
    ///         : new PlannedChange(a.AppId!, $"Set the notes of '{a.DisplayName}'"),  // what -WhatIf prints
    ///     apply: (a, c) =&gt; Call("set the notes", a.AppId, () =&gt; _graph.Applications[a.Id].PatchAsync(new Application { Notes = wanted }, cancellationToken: c)))
    /// {
    ///     RetryWhile = GraphErrors.IsNotFound,                                  // only for an app created moments ago
    /// }, ct);
    /// notes.RecordIn(result.Changes, result.SkippedChanges);
    /// </code>
    /// </example>
    public sealed class Ensure
    {
        private readonly IChangeGate _gate;
        private readonly ReplicationWait _wait;

        public Ensure(IChangeGate gate, ReplicationWait? wait = null)
        {
            _gate = gate;
            _wait = wait ?? ReplicationWait.Default;
        }

        /// <summary>The replication budget this kernel's steps wait with (for a service's reads that poll for a just-created object).</summary>
        public ReplicationWait Wait => _wait;

        public async Task<StepOutcome<TState, TResult>> RunAsync<TState, TResult>(EnsureStep<TState, TResult> step, CancellationToken cancellationToken)
        {
            var state = await step.Read(cancellationToken).ConfigureAwait(false);
            var change = step.Plan(state);
            if (change == null) return new StepOutcome<TState, TResult>(StepStatus.InState, state, null, default!);
            if (!await _gate.ApproveAsync(change.Target, change.Action).ConfigureAwait(false))
                return new StepOutcome<TState, TResult>(StepStatus.Declined, state, change, default!);
            // A person may have taken a while to answer -Confirm: a Ctrl+C meanwhile stops before the write.
            cancellationToken.ThrowIfCancellationRequested();
            return await ApplyAsync(step, state, change, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Runs independent steps side by side: their reads at the same time; then, in the steps' order, each plan and
        /// its gate question, one at a time (so -Confirm asks, and -WhatIf prints, exactly as for the steps run one after
        /// another); then the approved writes at the same time. Bad input found by a plan stops before any write.
        /// Outcomes come back in the steps' order; when writes fail, the first failing step's error (in that order) is thrown
        /// after all writes ended.
        /// </summary>
        public async Task<IReadOnlyList<StepOutcome<TState, TResult>>> RunSideBySideAsync<TState, TResult>(IReadOnlyList<EnsureStep<TState, TResult>> steps, CancellationToken cancellationToken)
        {
            var states = await Task.WhenAll(steps.Select(s => s.Read(cancellationToken))).ConfigureAwait(false);
            var outcomes = new Task<StepOutcome<TState, TResult>>[steps.Count];
            var changes = new PlannedChange?[steps.Count];
            for (int i = 0; i < steps.Count; i++) changes[i] = steps[i].Plan(states[i]);
            for (int i = 0; i < steps.Count; i++)
            {
                if (changes[i] == null) outcomes[i] = Task.FromResult(new StepOutcome<TState, TResult>(StepStatus.InState, states[i], null, default!));
                else if (!await _gate.ApproveAsync(changes[i]!.Target, changes[i]!.Action).ConfigureAwait(false))
                    outcomes[i] = Task.FromResult(new StepOutcome<TState, TResult>(StepStatus.Declined, states[i], changes[i], default!));
            }
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < steps.Count; i++)
                outcomes[i] ??= ApplyAsync(steps[i], states[i], changes[i]!, cancellationToken);
            return await Task.WhenAll(outcomes).ConfigureAwait(false);
        }

        private async Task<StepOutcome<TState, TResult>> ApplyAsync<TState, TResult>(EnsureStep<TState, TResult> step, TState state, PlannedChange change, CancellationToken cancellationToken)
        {
            var activity = step.Activity ?? change.Action;
            var result = step.RetryWhile == null
                ? await step.Apply(state, cancellationToken).ConfigureAwait(false)
                : await _wait.UntilAsync(activity, c => step.Apply(state, c), cancellationToken, retryWhile: step.RetryWhile).ConfigureAwait(false);
            if (step.Made != null && !step.Made(result))
                return new StepOutcome<TState, TResult>(StepStatus.MadeMeanwhile, state, change, result);
            if (step.ShowsAsync != null)
                await _wait.UntilAsync(activity, c => step.ShowsAsync(result, c), cancellationToken, shows: shown => shown).ConfigureAwait(false);
            return new StepOutcome<TState, TResult>(StepStatus.Changed, state, change, result);
        }

        /// <summary>
        /// Runs a step of several changes: read, plan one change per item, ask the gate about each in the plan's order,
        /// then write the approved items together. Nothing is written before every question is answered.
        /// </summary>
        public async Task<EachOutcome<TState, TItem>> RunEachAsync<TState, TItem>(EnsureEachStep<TState, TItem> step, CancellationToken cancellationToken)
        {
            var state = await step.Read(cancellationToken).ConfigureAwait(false);
            var approved = new List<TItem>();
            var declined = new List<PlannedChange>();
            foreach (var planned in step.Plan(state))
            {
                if (await _gate.ApproveAsync(planned.Change.Target, planned.Change.Action).ConfigureAwait(false)) approved.Add(planned.Item);
                else declined.Add(planned.Change);
            }
            // A person may have taken a while to answer -Confirm: a Ctrl+C meanwhile stops before the write.
            cancellationToken.ThrowIfCancellationRequested();
            if (approved.Count > 0) await step.Apply(state, approved, cancellationToken).ConfigureAwait(false);
            return new EachOutcome<TState, TItem>(state, approved, declined);
        }
    }
}
