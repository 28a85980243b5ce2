namespace ALOps.S2S.Models
{
    /// <summary>What Remove-ALOpsS2SApp removed from one tenant.</summary>
    public sealed class S2SAppRemoval
    {
        /// <summary>The input row (1 = the first) this result belongs to.</summary>
        public int Row { get; internal set; }
        public string TenantId { get; internal set; } = string.Empty;
        public string ClientId { get; internal set; } = string.Empty;
        public string? DisplayName { get; internal set; }
        /// <summary>The tenant that holds the app registration, when known.</summary>
        public string? HomeTenantId { get; internal set; }
        /// <summary>Application (the registration and its service principal), ServicePrincipal (only the consent in this tenant), or None.</summary>
        public string Removed { get; internal set; } = "None";
        /// <summary>The tenant had no such app (any more): nothing to remove, which is success.</summary>
        public bool AlreadyGone { get; internal set; }

        public override string ToString() => $"{ClientId} in {TenantId}: {(AlreadyGone ? "already gone" : "removed " + Removed)}";
    }
}
