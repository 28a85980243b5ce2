using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Register
{
    /// <summary>
    /// The steps a person must take on page 9860, for all environments of a run at once: one block of instructions
    /// up front (so an admin does them in one sitting), then one wait for all of them with one progress bar.
    /// </summary>
    internal static class PersonSteps
    {
        public const string WhenNotWaiting = " Then run Register-ALOpsBcClient again, or add -Wait to continue as soon as it is done.";
        public const string AfterTimeout = " Then run Register-ALOpsBcClient again (with -Wait and a longer -Timeout if it takes longer).";

        /// <summary>One environment waiting for a person: its index among the run's targets and what to do there.</summary>
        public sealed class Step
        {
            public Step(int index, EnvironmentTarget target, string instruction)
            {
                Index = index;
                Target = target;
                Instruction = instruction;
            }

            public int Index { get; }
            public EnvironmentTarget Target { get; }
            public string Instruction { get; }
        }

        /// <summary>Every environment's instruction in one message, each with its own page link.</summary>
        public static string Block(IReadOnlyList<Step> steps, TimeSpan timeout, TimeSpan pollInterval)
        {
            var text = new StringBuilder();
            text.Append(steps.Count == 1
                ? "A person must register the app in 1 environment"
                : $"A person must register the app in {steps.Count} environments; do all of them now");
            text.Append($". Register-ALOpsBcClient checks every {pollInterval.TotalSeconds:0} s and continues as soon as {(steps.Count == 1 ? "it is" : "all are")} done (waiting up to {timeout}).");
            for (int i = 0; i < steps.Count; i++)
                text.Append('\n').Append(i + 1).Append(". ").Append(steps[i].Instruction);
            return text.ToString();
        }

        /// <summary>
        /// Polls every environment still waiting until all are registered or the timeout passes; returns the last
        /// state read of each (by index). The ones that never became registered are left out.
        /// </summary>
        public static Task<Dictionary<int, RegistrationState>> WaitAsync(IReadOnlyList<Step> steps, RegistrationProbe probe, BcClientRegistrationRequest request, CancellationToken ct)
            => PollAsync(steps, "registered", async (step, c) =>
            {
                var state = await probe.ProbeUnambiguousAsync(step.Target, c).ConfigureAwait(false);
                return state.Registered == true ? state : null;
            }, request.Timeout, request.EffectivePollInterval, ct);

        /// <summary>
        /// Polls every step's environment with <paramref name="reachedIn"/> (non-null: the app is <paramref name="reached"/>
        /// there) until all have reached it or the timeout passes, under one progress bar; returns what each reached with (by index).
        /// </summary>
        public static async Task<Dictionary<int, T>> PollAsync<T>(IReadOnlyList<Step> steps, string reached, Func<Step, CancellationToken, Task<T?>> reachedIn,
            TimeSpan timeout, TimeSpan interval, CancellationToken ct) where T : class
        {
            var log = S2SLogScope.Current;
            var activity = $"Waiting for the app to be {reached} on page 9860 of {string.Join(", ", steps.Select(s => "'" + s.Target.Environment.Name + "'"))}";
            var waiting = steps.ToList();
            var done = new Dictionary<int, T>();
            var watch = Stopwatch.StartNew();
            while (true)
            {
                var remaining = timeout - watch.Elapsed;
                var status = $"{done.Count} of {steps.Count} {reached}; waiting for {string.Join(", ", waiting.Select(s => s.Target.Environment.Name))}; checking every {interval.TotalSeconds:0} s";
                log.Progress(new S2SProgress(activity, status,
                    percentComplete: (int)Math.Min(99, 100 * watch.Elapsed.TotalSeconds / timeout.TotalSeconds), secondsRemaining: (int)Math.Max(0, remaining.TotalSeconds)));
                if (remaining <= TimeSpan.Zero)
                {
                    log.Progress(new S2SProgress(activity, "Timed out", completed: true));
                    return done;
                }
                await Task.Delay(remaining < interval ? remaining : interval, ct).ConfigureAwait(false);
                foreach (var step in waiting.ToList())
                {
                    var outcome = await reachedIn(step, ct).ConfigureAwait(false);
                    if (outcome == null) continue;
                    done[step.Index] = outcome;
                    waiting.Remove(step);
                    log.Verbose($"The app is {reached} in '{step.Target.Environment.Name}' after {watch.Elapsed.TotalSeconds:0} s.");
                }
                if (waiting.Count == 0)
                {
                    log.Progress(new S2SProgress(activity, char.ToUpperInvariant(reached[0]) + reached.Substring(1), completed: true));
                    return done;
                }
            }
        }
    }
}
