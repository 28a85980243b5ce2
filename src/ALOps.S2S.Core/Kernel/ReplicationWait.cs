using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Kernel
{
    /// <summary>
    /// Microsoft Entra is eventually consistent: a just-created object can be missing from reads for a while.
    /// This retries such symptoms by polling with bounded back-off (never a fixed sleep), reporting progress.
    /// </summary>
    public sealed class ReplicationWait
    {
        public static readonly ReplicationWait Default = new ReplicationWait(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(2));

        public ReplicationWait(TimeSpan budget, TimeSpan maxInterval)
        {
            Budget = budget;
            MaxInterval = maxInterval;
        }

        public TimeSpan Budget { get; }
        public TimeSpan MaxInterval { get; }

        public async Task<T> UntilAsync<T>(string activity, Func<CancellationToken, Task<T>> attempt, Func<Exception, bool> isReplicationSymptom, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var interval = TimeSpan.FromMilliseconds(250);
            var log = S2SLogScope.Current;
            for (int tries = 1; ; tries++)
            {
                try
                {
                    var result = await attempt(cancellationToken).ConfigureAwait(false);
                    if (tries > 1)
                    {
                        log.Progress(new S2SProgress(activity, "Replicated", completed: true));
                        log.Verbose($"{activity}: done after {watch.Elapsed.TotalSeconds:0.#} s ({tries} attempts).");
                    }
                    return result;
                }
                catch (Exception ex) when (isReplicationSymptom(ex))
                {
                    if (watch.Elapsed + interval > Budget)
                        throw new S2SException(S2SErrors.ReplicationTimeout, $"{activity}: Microsoft Entra still did not show the change after {watch.Elapsed.TotalSeconds:0} s.", activity,
                            "Entra replication is slow right now; run the same command again in a few minutes — it continues where it stopped.", null, null, ex);
                    log.Verbose($"{activity}: not replicated yet (attempt {tries}); checking again in {interval.TotalSeconds:0.##} s.");
                    log.Progress(new S2SProgress(activity, $"Waiting for Microsoft Entra replication ({watch.Elapsed.TotalSeconds:0} s, attempt {tries})",
                        percentComplete: (int)Math.Min(99, 100 * watch.Elapsed.TotalSeconds / Budget.TotalSeconds)));
                    await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                    interval = TimeSpan.FromMilliseconds(Math.Min(MaxInterval.TotalMilliseconds, interval.TotalMilliseconds * 2));
                }
            }
        }
    }
}
