using System;
using System.Management.Automation;
using System.Reflection;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// Makes -Debug on our compiled cmdlets print, as it does on advanced functions since PowerShell 7. For compiled
    /// cmdlets PowerShell still turns -Debug into "Inquire" for the verbose and warning streams, so the first verbose
    /// line (the HTTP trace with its request ids) would prompt, which fails under -NonInteractive (CI) and stops at a
    /// prompt in a terminal. Under -Debug, verbose lines print (-Debug shows what -Verbose shows, and more) and warnings
    /// follow $WarningPreference, unless -Verbose or -WarningAction were given, which still win.
    /// </summary>
    internal static class DebugSwitch
    {
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        public static void Apply(PSCmdlet cmdlet)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            if (!bound.TryGetValue("Debug", out var debug) || !IsOn(debug)) return;
            var runtime = cmdlet.CommandRuntime;
            if (runtime == null) return;
            try
            {
                if (!bound.ContainsKey("Verbose"))
                {
                    Set(runtime, "Verbose", true);
                    Set(runtime, "IsVerboseFlagSet", true);
                }
                if (!bound.ContainsKey("WarningAction"))
                {
                    var preference = cmdlet.GetVariableValue("WarningPreference") is ActionPreference p && p != ActionPreference.Inquire ? p : ActionPreference.Continue;
                    Set(runtime, "WarningPreference", preference);
                }
            }
            catch (Exception e) when (e is TargetInvocationException || e is ArgumentException || e is MemberAccessException)
            {
                // Another PowerShell that lays its runtime out differently: -Debug behaves as that PowerShell makes it.
            }
        }

        private static bool IsOn(object? value) => value is SwitchParameter s ? s.IsPresent : value is bool b && b;

        private static void Set(object runtime, string property, object value)
            => runtime.GetType().GetProperty(property, Instance)?.SetValue(runtime, value);
    }
}
