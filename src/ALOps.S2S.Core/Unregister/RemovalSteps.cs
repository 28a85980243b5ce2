using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Register;

namespace ALOps.S2S.Core.Unregister
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
        public static async Task<HashSet<int>> WaitAsync(IReadOnlyList<PersonSteps.Step> steps, Func<EnvironmentTarget, CancellationToken, Task<RegistrationState>> read, TimeSpan timeout, TimeSpan interval, CancellationToken ct)
        {
            var refused = await PersonSteps.PollAsync(steps, "removed", async (step, c) =>
            {
                var state = await read(step.Target, c).ConfigureAwait(false);
                return BcClientUnregistrationService.StillLetIn(state) ? null : state;
            }, timeout, interval, ct).ConfigureAwait(false);
            return new HashSet<int>(refused.Keys);
        }
    }
}
