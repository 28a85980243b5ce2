using System;

namespace ALOps.S2S.Models
{
    /// <summary>The app in one Business Central environment, as Get-ALOpsS2SApp read it.</summary>
    public sealed class S2SAppEnvironment
    {
        public string Environment { get; internal set; } = string.Empty;
        /// <summary>Empty when the operator could not tell (see Note).</summary>
        public bool? Registered { get; internal set; }
        public string[] PermissionSets { get; internal set; } = Array.Empty<string>();
        public string? Note { get; internal set; }

        public override string ToString()
            => $"{Environment}: {(Registered == true ? "registered" : Registered == false ? "not registered" : "unknown")}{(PermissionSets.Length == 0 ? string.Empty : " (" + string.Join(", ", PermissionSets) + ")")}";
    }
}
