using System;
using System.Management.Automation;
using System.Reflection;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// Whether a command's verbose or debug lines go anywhere: shown, recorded, redirected or kept by -Verbose/-Debug,
    /// as PowerShell itself decides it (the common parameters, then the preference variables in scope). A line
    /// PowerShell would drop is not built at all.
    /// </summary>
    internal static class StreamPreferences
    {
        public const string Verbose = "VerbosePreference";
        public const string Debug = "DebugPreference";
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        public static bool Shows(PSCmdlet cmdlet, string preference)
        {
            // The command runtime holds the effective preference (-Verbose/-Debug and DebugSwitch over the variables).
            var runtime = cmdlet.CommandRuntime;
            try
            {
                if (runtime?.GetType().GetProperty(preference, Instance)?.GetValue(runtime) is ActionPreference effective) return Shows(effective);
            }
            catch (Exception e) when (e is TargetInvocationException || e is ArgumentException || e is MemberAccessException)
            {
                // Another PowerShell that lays its runtime out differently: fall back to the variable below.
            }
            var variable = cmdlet.GetVariableValue(preference);
            if (variable is ActionPreference value) return Shows(value);
            // Unreadable: keep every line, as before this check existed.
            return !Enum.TryParse(variable?.ToString(), ignoreCase: true, out ActionPreference parsed) || Shows(parsed);
        }

        private static bool Shows(ActionPreference preference) => preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;
    }
}
