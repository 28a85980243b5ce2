using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Kernel
{
    /// <summary>
    /// Microsoft Entra is eventually consistent: a just-created object can be missing from reads, and refused by
    /// writes that name it, for a while. <see cref="UntilAsync{T}"/> is the one way to wait that out: it polls with
    /// bounded back-off (never a fixed sleep), reports progress, honours cancellation, and ends with the one
    /// timeout error, <c>S2S.ReplicationTimeout</c>, when the budget is spent.
    /// </summary>
    public sealed class ReplicationWait
    {
        private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(250);

        public static readonly ReplicationWait Default = new ReplicationWait(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(2));

        public ReplicationWait(TimeSpan budget, TimeSpan maxInterval)
        {
            Budget = budget;
            MaxInterval = maxInterval;
        }

        /// <summary>How long to keep trying before <c>S2S.ReplicationTimeout</c>.</summary>
        public TimeSpan Budget { get; }
        /// <summary>The longest pause between attempts (pauses double from 250 ms up to this).</summary>
        public TimeSpan MaxInterval { get; }

        /// <summary>
        /// Runs <paramref name="attempt"/> until it shows the change, and returns that attempt's result. An attempt
        /// does not show it yet when its result fails <paramref name="shows"/> (a read polled until it sees what was
        /// written; null: any result shows it), or when it throws an error that <paramref name="retryWhile"/> calls a
        /// replication symptom (a write refused because an object it names is not visible yet; null: none is). Any
        /// other error ends the wait at once. A discarded result is the attempt's to clean up before it returns.
        /// </summary>
        /// <param name="activity">What is waited for, as progress and verbose lines name it ("Creating the service principal").</param>
        /// <exception cref="S2SException"><c>S2S.ReplicationTimeout</c> when the budget is spent; the last symptom, if any, is its inner exception.</exception>
        /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled, also between attempts.</exception>
        public async Task<T> UntilAsync<T>(string activity, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken,
            Func<T, bool>? shows = null, Func<Exception, bool>? retryWhile = null)
        {
            var watch = Stopwatch.StartNew();
            var interval = FirstInterval < MaxInterval ? FirstInterval : MaxInterval;
            var log = S2SLogScope.Current;
            for (int tries = 1; ; tries++)
            {
                Exception? symptom = null;
                try
                {
                    var result = await attempt(cancellationToken).ConfigureAwait(false);
                    if (shows == null || shows(result))
                    {
                        if (tries > 1)
                        {
                            log.Progress(new S2SProgress(activity, "Replicated", completed: true));
                            log.Verbose($"{activity}: done after {watch.Elapsed.TotalSeconds:0.#} s ({tries} attempts).");
                        }
                        return result;
                    }
                }
                catch (Exception ex) when (retryWhile != null && !(ex is OperationCanceledException) && retryWhile(ex))
                {
                    symptom = ex;
                }

                if (watch.Elapsed + interval > Budget)
                    throw new S2SException(S2SErrors.ReplicationTimeout,
                        $"{activity}: Microsoft Entra still did not show the change after {watch.Elapsed.TotalSeconds:0} s.", activity,
                        "Entra replication is slow right now; run the same command again in a few minutes — it continues where it stopped.", null, null, symptom);
                log.Verbose($"{activity}: not replicated yet (attempt {tries}); checking again in {interval.TotalSeconds:0.##} s.");
                log.Progress(new S2SProgress(activity, $"Waiting for Microsoft Entra replication ({watch.Elapsed.TotalSeconds:0} s, attempt {tries})",
                    percentComplete: (int)Math.Min(99, 100 * watch.Elapsed.TotalSeconds / Budget.TotalSeconds)));
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                interval = TimeSpan.FromMilliseconds(Math.Min(MaxInterval.TotalMilliseconds, interval.TotalMilliseconds * 2));
            }
        }
    }
}
