using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Kernel
{
    /// <summary>
    /// Runs the rows of a batch cmdlet side by side: at most <c>throttleLimit</c> rows at a time, shared fairly
    /// between partitions (tenants), each row with its own log and its own outcome. One row's failure is its task's
    /// failure and never touches the other rows; cancelling the token ends them all promptly. What rows share (a
    /// tenant's environments, an app's sign-in, a customer's consent) is the run object each cmdlet's service takes.
    /// </summary>
    public static class RowRunner
    {
        /// <summary>
        /// Starts <paramref name="work"/> for every row and returns one task per row, in input order. With more than
        /// one slot, rows queue one partition at a time in turn, so rows sorted by tenant still spread over all tenants.
        /// </summary>
        /// <param name="logFor">The log a row's messages go to (e.g. tagged with the row).</param>
        public static Task<TResult>[] Start<TRow, TResult>(IReadOnlyList<TRow> rows, int throttleLimit, Func<TRow, string> partition,
            Func<TRow, IS2SLog> logFor, Func<TRow, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
        {
            var starter = Open(throttleLimit, partition, logFor, work, cancellationToken);
            var tasks = new Task<TResult>[rows.Count];
            foreach (var i in throttleLimit == 1 ? Enumerable.Range(0, rows.Count) : StartOrder(rows, partition))
                tasks[i] = starter(rows[i]);
            return tasks;
        }

        /// <summary>
        /// For rows that arrive one by one (handed on by the previous command of a pipeline while it still works): each
        /// call of the returned function starts one row under the same limit, and a freed slot goes to the partition with
        /// the fewest rows running.
        /// </summary>
        public static Func<TRow, Task<TResult>> Open<TRow, TResult>(int throttleLimit, Func<TRow, string> partition,
            Func<TRow, IS2SLog> logFor, Func<TRow, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
        {
            var limiter = new FairLimiter(throttleLimit);
            return row =>
            {
                var log = logFor(row);
                var slot = limiter.EnterAsync(partition(row), cancellationToken);
                return Task.Run(async () =>
                {
                    using (S2SLogScope.Begin(log))
                    using (await slot.ConfigureAwait(false))
                        return await work(row, cancellationToken).ConfigureAwait(false);
                });
            };
        }

        /// <summary>
        /// The order rows queue for a slot when several run at once: one row of each partition in turn, each
        /// partition's rows in input order.
        /// </summary>
        private static IEnumerable<int> StartOrder<TRow>(IReadOnlyList<TRow> rows, Func<TRow, string> partition)
        {
            var queues = new List<Queue<int>>();
            var byPartition = new Dictionary<string, Queue<int>>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < rows.Count; i++)
            {
                var key = partition(rows[i]);
                if (!byPartition.TryGetValue(key, out var queue))
                {
                    queue = new Queue<int>();
                    byPartition[key] = queue;
                    queues.Add(queue);
                }
                queue.Enqueue(i);
            }
            for (var left = rows.Count; left > 0;)
                foreach (var queue in queues)
                    if (queue.Count > 0)
                    {
                        left--;
                        yield return queue.Dequeue();
                    }
        }
    }
}
