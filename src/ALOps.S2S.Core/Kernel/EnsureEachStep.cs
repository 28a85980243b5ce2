using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ALOps.S2S.Core.Kernel
{
    /// <summary>
    /// Several changes of one kind, each approved on its own and written together, as parts that
    /// <see cref="Ensure.RunEachAsync{TState, TItem}"/> runs in order: read the current state, plan one change per item
    /// (none: in state), ask the gate about each change in the plan's order, then apply the approved items in one go.
    /// For changes a person approves one by one but the service writes best together (e.g. an app's certificates, which
    /// one PATCH of the whole collection removes): a "No" at -Confirm skips that item only, and nothing is written before
    /// every question has been answered.
    /// </summary>
    /// <typeparam name="TState">What the read sees and the plan decides from.</typeparam>
    /// <typeparam name="TItem">One thing the plan would change (e.g. one credential).</typeparam>
    public sealed class EnsureEachStep<TState, TItem>
    {
        /// <param name="read">Reads the current state.</param>
        /// <param name="plan">The items to change, each with the change the gate is asked about; empty when in state. Pure; bad input is thrown here.</param>
        /// <param name="apply">Writes the approved items (never called with none).</param>
        public EnsureEachStep(Func<CancellationToken, Task<TState>> read, Func<TState, IReadOnlyList<Planned<TItem>>> plan,
            Func<TState, IReadOnlyList<TItem>, CancellationToken, Task> apply)
        {
            Read = read ?? throw new ArgumentNullException(nameof(read));
            Plan = plan ?? throw new ArgumentNullException(nameof(plan));
            Apply = apply ?? throw new ArgumentNullException(nameof(apply));
        }

        public Func<CancellationToken, Task<TState>> Read { get; }
        public Func<TState, IReadOnlyList<Planned<TItem>>> Plan { get; }
        public Func<TState, IReadOnlyList<TItem>, CancellationToken, Task> Apply { get; }
    }

    /// <summary>One item of an <see cref="EnsureEachStep{TState, TItem}"/>'s plan and the change the gate is asked about it.</summary>
    public sealed class Planned<TItem>
    {
        public Planned(TItem item, PlannedChange change)
        {
            Item = item;
            Change = change ?? throw new ArgumentNullException(nameof(change));
        }

        public TItem Item { get; }
        public PlannedChange Change { get; }
    }

    /// <summary>What <see cref="Ensure.RunEachAsync{TState, TItem}"/> did: the state it read, the items written and the changes declined.</summary>
    public sealed class EachOutcome<TState, TItem>
    {
        internal EachOutcome(TState state, IReadOnlyList<TItem> applied, IReadOnlyList<PlannedChange> declined)
        {
            State = state;
            Applied = applied;
            Declined = declined;
        }

        public TState State { get; }
        /// <summary>The approved items, written by the step's apply (empty when in state or all declined).</summary>
        public IReadOnlyList<TItem> Applied { get; }
        /// <summary>The changes the gate said no to (-WhatIf, or "No" at -Confirm): nothing was written for them.</summary>
        public IReadOnlyList<PlannedChange> Declined { get; }
    }
}
