using System;
using System.Threading;
using System.Threading.Tasks;

namespace ALOps.S2S.Core.Kernel
{
    /// <summary>
    /// One idempotent change, as parts that <see cref="Ensure.RunAsync{TState, TResult}"/> runs in order: read the current
    /// state, plan the change from it (null: in state), and apply the plan; optionally retry the write while it meets
    /// Entra replication (<see cref="RetryWhile"/>) and wait until a read shows it (<see cref="ShowsAsync"/>).
    /// The parts hold no gate, no waiting and no bookkeeping: the kernel does those, the same way for every step.
    /// </summary>
    /// <typeparam name="TState">What the read sees and the plan decides from (e.g. the service principal, or null when there is none).</typeparam>
    /// <typeparam name="TResult">What the write answers (e.g. the created object); <c>bool</c> when nothing but "done" matters.</typeparam>
    public sealed class EnsureStep<TState, TResult>
    {
        /// <param name="read">
        /// Reads the current state. State read ahead (a batched prefetch, an object just created) is handed in as
        /// <c>_ =&gt; Task.FromResult(known)</c>, so that a step never costs a request the run already made.
        /// </param>
        /// <param name="plan">
        /// The change the state calls for, or null when it is in state. Pure: no request, no write. Bad input found
        /// here is thrown here, before the gate is asked and before anything is written.
        /// </param>
        /// <param name="apply">
        /// Makes the planned change and answers what the write returned. Runs only after the gate approved. Builds its
        /// request body on every call: with <see cref="RetryWhile"/> it may run more than once (the Graph SDK's backing
        /// store sends only values changed since the last serialization, so a reused body would go out empty).
        /// </param>
        public EnsureStep(Func<CancellationToken, Task<TState>> read, Func<TState, PlannedChange?> plan, Func<TState, CancellationToken, Task<TResult>> apply)
        {
            Read = read ?? throw new ArgumentNullException(nameof(read));
            Plan = plan ?? throw new ArgumentNullException(nameof(plan));
            Apply = apply ?? throw new ArgumentNullException(nameof(apply));
        }

        public Func<CancellationToken, Task<TState>> Read { get; }
        public Func<TState, PlannedChange?> Plan { get; }
        public Func<TState, CancellationToken, Task<TResult>> Apply { get; }

        /// <summary>
        /// The write's failures that are Entra replication symptoms (a just-created object the write names is not
        /// visible yet: 404, NoBackingApplicationObject, …): the write is retried with bounded back-off until it
        /// succeeds or the replication budget ends (<c>S2S.ReplicationTimeout</c>). Null: the write runs once.
        /// <see cref="Apply"/> must let these errors through unmapped, so that this classifier sees them.
        /// </summary>
        public Func<Exception, bool>? RetryWhile { get; set; }

        /// <summary>
        /// The confirming read: it shows the change the write made (true when it does), polled after the write with bounded
        /// back-off until it does or the replication budget ends (<c>S2S.ReplicationTimeout</c>). Null: the write's
        /// answer is trusted.
        /// </summary>
        public Func<TResult, CancellationToken, Task<bool>>? ShowsAsync { get; set; }

        /// <summary>
        /// Whether the write's answer means it made the change; false when it found the change made already (a
        /// parallel run, a person meanwhile): then the step is <see cref="StepStatus.MadeMeanwhile"/>, success that
        /// reports no change. Null: every write that returns made the change.
        /// </summary>
        public Func<TResult, bool>? Made { get; set; }

        /// <summary>What progress and verbose lines call the step's waits (e.g. "Creating the service principal"); default: the plan's action.</summary>
        public string? Activity { get; set; }
    }
}
