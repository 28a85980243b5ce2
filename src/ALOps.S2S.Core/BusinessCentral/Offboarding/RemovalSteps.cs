using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.BusinessCentral.Registration;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.BusinessCentral.Offboarding
{
    /// <summary>
    /// The rows a person must remove on page 9860, for all environments of a run at once: one block of instructions,
    /// then one wait for all of them with one progress bar, until Business Central refuses the app in each.
    /// </summary>
    internal static class RemovalSteps
    {
        public const string WhenNotWaiting = " Then run Unregister-ALOpsBcClient again, or add -Wait to check that Business Central refuses the app.";
        public const string AfterTimeout = " Then run Unregister-ALOpsBcClient again (with -Wait and a longer -Timeout if it takes longer).";

        public static string Block(IReadOnlyList<PersonSteps.Step> steps, TimeSpan timeout, TimeSpan pollInterval)
        {
            var text = new StringBuilder();
            text.Append(steps.Count == 1
                ? "A person must remove the app in 1 environment"
                : $"A person must remove the app in {steps.Count} environments; do all of them now");
            text.Append($". Unregister-ALOpsBcClient checks every {pollInterval.TotalSeconds:0} s and continues as soon as Business Central refuses the app in {(steps.Count == 1 ? "it" : "all of them")} (waiting up to {timeout}).");
            for (int i = 0; i < steps.Count; i++)
                text.Append('\n').Append(i + 1).Append(". ").Append(steps[i].Instruction);
            return text.ToString();
        }

        /// <summary>Polls every environment still letting the app in until none does or the timeout passes; returns the indexes now refusing it.</summary>
        public static async Task<HashSet<int>> WaitAsync(IReadOnlyList<PersonSteps.Step> steps, RegistrationProbe probe, TimeSpan timeout, TimeSpan interval, CancellationToken ct)
        {
            var log = S2SLogScope.Current;
            var activity = $"Waiting for the app to be removed on page 9860 of {string.Join(", ", steps.Select(s => "'" + s.Target.Environment.Name + "'"))}";
            var waiting = steps.ToList();
            var gone = new HashSet<int>();
            var watch = Stopwatch.StartNew();
            while (true)
            {
                var remaining = timeout - watch.Elapsed;
                var status = $"{gone.Count} of {steps.Count} removed; waiting for {string.Join(", ", waiting.Select(s => s.Target.Environment.Name))}; checking every {interval.TotalSeconds:0} s";
                log.Progress(new S2SProgress(activity, status,
                    percentComplete: (int)Math.Min(99, 100 * watch.Elapsed.TotalSeconds / timeout.TotalSeconds), secondsRemaining: (int)Math.Max(0, remaining.TotalSeconds)));
                if (remaining <= TimeSpan.Zero)
                {
                    log.Progress(new S2SProgress(activity, "Timed out", completed: true));
                    return gone;
                }
                await Task.Delay(remaining < interval ? remaining : interval, ct).ConfigureAwait(false);
                foreach (var step in waiting.ToList())
                {
                    var state = await probe.ProbeAsync(step.Target, ct).ConfigureAwait(false);
                    if (BcClientUnregistrationService.StillLetIn(state)) continue;
                    gone.Add(step.Index);
                    waiting.Remove(step);
                    log.Verbose($"Business Central refuses the app in '{step.Target.Environment.Name}' after {watch.Elapsed.TotalSeconds:0} s.");
                }
                if (waiting.Count == 0)
                {
                    log.Progress(new S2SProgress(activity, "Removed", completed: true));
                    return gone;
                }
            }
        }
    }
}
