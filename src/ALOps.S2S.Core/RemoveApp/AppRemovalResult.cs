namespace ALOps.S2S.Core.RemoveApp
{
    /// <summary>What Remove-ALOpsS2SApp deleted in one tenant.</summary>
    public enum AppRemovalKind
    {
        /// <summary>Nothing: the tenant has no such app (any more), or the change was not approved.</summary>
        None,
        /// <summary>The app registration in its home tenant (Graph deletes its service principal there with it).</summary>
        Application,
        /// <summary>Only the app's service principal in a tenant it is consented in; the registration stays in its home tenant.</summary>
        ServicePrincipal,
    }

    public sealed class AppRemovalResult
    {
        public string TenantId { get; set; } = string.Empty;
        public string ClientId { get; set; } = string.Empty;
        public string? DisplayName { get; set; }
        /// <summary>The tenant that holds the app registration, when known.</summary>
        public string? HomeTenantId { get; set; }
        public AppRemovalKind Removed { get; set; }
        /// <summary>The tenant has no such app: nothing to remove, which is success.</summary>
        public bool AlreadyGone { get; set; }
        /// <summary>What would have been deleted had it been approved (-WhatIf, or "No" at the prompt).</summary>
        public string? SkippedChange { get; set; }
    }
}
