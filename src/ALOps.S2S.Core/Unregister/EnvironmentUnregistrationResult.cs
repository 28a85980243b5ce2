using System.Collections.Generic;

namespace ALOps.S2S.Core.Unregister
{
    /// <summary>The app in one environment after Unregister: whether BC still lets it in, and what a person must still remove.</summary>
    public sealed class EnvironmentUnregistrationResult
    {
        public string TenantId { get; set; } = string.Empty;
        public string ClientId { get; set; } = string.Empty;
        public string Environment { get; set; } = string.Empty;
        /// <summary>Still listed under Authorized Microsoft Entra apps: false once removed; null when it could not be read or removed.</summary>
        public bool? AdminCenterAuthorized { get; set; }
        /// <summary>Still registered on page 9860 (the app is let in or its user is enabled); null when it could not be read.</summary>
        public bool? Registered { get; set; }
        public string? ActionRequired { get; set; }
        public string Url { get; set; } = string.Empty;
        public bool TimedOut { get; set; }
        public List<string> Changes { get; } = new List<string>();
    }
}
