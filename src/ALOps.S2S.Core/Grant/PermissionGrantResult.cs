using System.Collections.Generic;

namespace ALOps.S2S.Core.Grant
{
    /// <summary>The app's Business Central permissions after Grant-ALOpsS2SPermission, and what the run changed.</summary>
    public sealed class PermissionGrantResult
    {
        public string TenantId { get; set; } = string.Empty;
        public string ClientId { get; set; } = string.Empty;
        public string DisplayName { get; set; } = string.Empty;
        public string ServicePrincipalId { get; set; } = string.Empty;
        /// <summary>Permission values (e.g. API.ReadWrite.All) now consented for the app.</summary>
        public List<string> Granted { get; } = new List<string>();
        /// <summary>Those of them this run granted.</summary>
        public List<string> NewlyGranted { get; } = new List<string>();
        public List<string> Changes { get; } = new List<string>();
        public List<string> SkippedChanges { get; } = new List<string>();
        /// <summary>In a customer tenant where the customer's admin consented: the admin-consent link that was given.</summary>
        public string? ConsentUrl { get; set; }
    }
}
