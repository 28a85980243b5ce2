using System.Collections.Generic;

namespace ALOps.S2S.Core.Kernel
{
    /// <summary>How an ensure step ended.</summary>
    public enum StepStatus
    {
        /// <summary>The read showed the desired state: nothing was planned, asked or written.</summary>
        InState,
        /// <summary>The change gate said no (-WhatIf, or "No" at -Confirm): nothing was written.</summary>
        Declined,
        /// <summary>The write made the change (and, where the step confirms, a read showed it).</summary>
        Changed,
        /// <summary>The write found the change made already (by a parallel run or by hand since the read): success without a change.</summary>
        MadeMeanwhile,
    }

    /// <summary>
    /// What <see cref="Ensure.RunAsync{TState, TResult}"/> did with one step: its status, the state it read, the change it
    /// planned (null when in state) and what the write answered (default unless the write ran).
    /// </summary>
    public sealed class StepOutcome<TState, TResult>
    {
        internal StepOutcome(StepStatus status, TState state, PlannedChange? change, TResult result)
        {
            Status = status;
            State = state;
            Change = change;
            Result = result;
        }

        public StepStatus Status { get; }
        /// <summary>The state as the step's read saw it, before any write.</summary>
        public TState State { get; }
        /// <summary>The change the step planned; null when the read showed nothing to do.</summary>
        public PlannedChange? Change { get; }
        /// <summary>What the write answered; default when it did not run (in state, declined).</summary>
        public TResult Result { get; }

        /// <summary>The write ran and made the change.</summary>
        public bool Changed => Status == StepStatus.Changed;
        /// <summary>The write ran (it made the change, or found it made meanwhile): <see cref="Result"/> holds its answer.</summary>
        public bool Applied => Status == StepStatus.Changed || Status == StepStatus.MadeMeanwhile;
        public bool Declined => Status == StepStatus.Declined;

        /// <summary>Reports the step on a result: its action to <paramref name="changes"/> when made, to <paramref name="skipped"/> when declined.</summary>
        public void RecordIn(ICollection<string> changes, ICollection<string>? skipped)
        {
            if (Status == StepStatus.Changed) changes.Add(Change!.Action);
            else if (Status == StepStatus.Declined) skipped?.Add(Change!.Action);
        }
    }
}
