using System.Collections.Generic;
using ALOps.S2S.Core.Graph;

namespace ALOps.S2S.Core.RemoveCredential
{
    /// <summary>What a removal did to an app's credentials, in the app's home tenant.</summary>
    public sealed class CredentialRemovalResult
    {
        public string TenantId { get; set; } = string.Empty;
        public string ClientId { get; set; } = string.Empty;
        public string DisplayName { get; set; } = string.Empty;
        public List<AppCredentialInfo> Removed { get; } = new List<AppCredentialInfo>();
        /// <summary>Key ids asked for that the app no longer has: already removed, which is success.</summary>
        public List<string> AlreadyGone { get; } = new List<string>();
        public List<AppCredentialInfo> Remaining { get; } = new List<AppCredentialInfo>();
        public List<string> Changes { get; } = new List<string>();
        public List<string> SkippedChanges { get; } = new List<string>();
    }
}
