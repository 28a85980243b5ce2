using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ALOps.S2S.Core.Kernel
{
    /// <summary>
    /// At most <c>limit</c> holders at once, shared fairly between keys (tenants): a freed slot goes to the waiting
    /// key with the fewest current holders (ties: the waiter that has waited longest), FIFO within a key. Rows
    /// sorted by tenant would otherwise let the first tenant take every slot and meet its throttling alone.
    /// </summary>
    public sealed class FairLimiter
    {
        private readonly int _limit;
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _holdersByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, LinkedList<Waiter>> _waitersByKey = new Dictionary<string, LinkedList<Waiter>>(StringComparer.Ordinal);
        private int _holders;
        private long _arrivals;

        public FairLimiter(int limit)
        {
            if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be at least 1.");
            _limit = limit;
        }

        /// <summary>Waits for a slot for <paramref name="key"/>; disposing the returned holder frees it.</summary>
        public Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<IDisposable>(cancellationToken);

            Waiter waiter;
            lock (_gate)
            {
                if (_holders < _limit && _waitersByKey.Count == 0)
                {
                    AddHolder(key);
                    return Task.FromResult<IDisposable>(new Holder(this, key));
                }
                waiter = new Waiter(key, _arrivals++);
                if (!_waitersByKey.TryGetValue(key, out var queue)) _waitersByKey[key] = queue = new LinkedList<Waiter>();
                waiter.Node = queue.AddLast(waiter);
            }

            if (cancellationToken.CanBeCanceled)
            {
                // Registered outside the lock: an already cancelled token runs the callback at once, which takes the lock.
                var registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
                waiter.Completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            return waiter.Completion.Task;
        }

        private void Cancel(Waiter waiter, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (waiter.Node == null) return;
                RemoveWaiter(waiter);
            }
            waiter.Completion.TrySetCanceled(cancellationToken);
        }

        private void Release(string key)
        {
            Waiter? next;
            lock (_gate)
            {
                _holders--;
                if (--_holdersByKey[key] == 0) _holdersByKey.Remove(key);
                next = NextWaiter();
                if (next == null) return;
                RemoveWaiter(next);
                AddHolder(next.Key);
            }
            next.Completion.TrySetResult(new Holder(this, next.Key));
        }

        private Waiter? NextWaiter()
        {
            Waiter? best = null;
            var bestHolders = int.MaxValue;
            foreach (var queue in _waitersByKey.Values)
            {
                var head = queue.First!.Value;
                var holders = _holdersByKey.TryGetValue(head.Key, out var n) ? n : 0;
                if (holders < bestHolders || (holders == bestHolders && head.Arrival < best!.Arrival))
                {
                    best = head;
                    bestHolders = holders;
                }
            }
            return best;
        }

        private void AddHolder(string key)
        {
            _holders++;
            _holdersByKey[key] = (_holdersByKey.TryGetValue(key, out var n) ? n : 0) + 1;
        }

        private void RemoveWaiter(Waiter waiter)
        {
            var queue = waiter.Node!.List!;
            queue.Remove(waiter.Node);
            waiter.Node = null;
            if (queue.Count == 0) _waitersByKey.Remove(waiter.Key);
        }

        private sealed class Waiter
        {
            public Waiter(string key, long arrival)
            {
                Key = key;
                Arrival = arrival;
            }

            public string Key { get; }
            public long Arrival { get; }
            /// <summary>Null once the waiter left its queue (granted or cancelled); guarded by the limiter's lock.</summary>
            public LinkedListNode<Waiter>? Node { get; set; }
            public TaskCompletionSource<IDisposable> Completion { get; } = new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        private sealed class Holder : IDisposable
        {
            private FairLimiter? _owner;
            private readonly string _key;

            public Holder(FairLimiter owner, string key)
            {
                _owner = owner;
                _key = key;
            }

            public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(_key);
        }
    }
}
