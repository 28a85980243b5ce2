using System.Collections.Generic;

namespace ALOps.S2S.Core.Register
{
    /// <summary>The app in one environment after Register-ALOpsBcClient.</summary>
    public sealed class EnvironmentRegistrationResult
    {
        public string TenantId { get; set; } = string.Empty;
        public string ClientId { get; set; } = string.Empty;
        public string Environment { get; set; } = string.Empty;
        /// <summary>Null when an app-only operator could not tell.</summary>
        public bool? AdminCenterAuthorized { get; set; }
        public bool Registered { get; set; }
        public bool Working { get; set; }
        public List<string> PermissionSets { get; } = new List<string>();
        /// <summary>What a person must still do, or null.</summary>
        public string? ActionRequired { get; set; }
        public string Url { get; set; } = string.Empty;
        public bool TimedOut { get; set; }
        public List<string> Changes { get; } = new List<string>();
    }
}
