using System;

namespace ALOps.S2S.Models
{
    /// <summary>An app's credentials after Remove-ALOpsS2SCredential, in the tenant that holds them.</summary>
    public sealed class S2SCredentialRemoval
    {
        public string TenantId { get; internal set; } = string.Empty;
        public string DisplayName { get; internal set; } = string.Empty;
        public string ClientId { get; internal set; } = string.Empty;
        public S2SAppCredential[] Removed { get; internal set; } = Array.Empty<S2SAppCredential>();
        /// <summary>Key ids asked for that were already gone (success: the end state is the one asked for).</summary>
        public string[] AlreadyGone { get; internal set; } = Array.Empty<string>();
        public S2SAppCredential[] Remaining { get; internal set; } = Array.Empty<S2SAppCredential>();

        public override string ToString() => $"{DisplayName} ({ClientId}): {Removed.Length} removed, {Remaining.Length} remaining";
    }
}
