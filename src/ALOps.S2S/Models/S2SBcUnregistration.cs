namespace ALOps.S2S.Models
{
    /// <summary>The app in one Business Central environment, as Unregister-ALOpsBcClient leaves it.</summary>
    public sealed class S2SBcUnregistration
    {
        /// <summary>The input row (1 = the first) this result belongs to.</summary>
        public int Row { get; internal set; }
        public string TenantId { get; internal set; } = string.Empty;
        public string ClientId { get; internal set; } = string.Empty;
        public string Environment { get; internal set; } = string.Empty;
        /// <summary>Still listed under Authorized Microsoft Entra apps (false once removed; empty when it could not be told).</summary>
        public bool? AdminCenterAuthorized { get; internal set; }
        /// <summary>Still registered on page 9860: false once Business Central refuses the app; empty when it could not be told.</summary>
        public bool? Registered { get; internal set; }
        /// <summary>What a person must still remove, or empty.</summary>
        public string? ActionRequired { get; internal set; }
        /// <summary>The environment's Microsoft Entra Applications page (9860).</summary>
        public string Url { get; internal set; } = string.Empty;
        /// <summary>What this run changed (the admin center removal is reported on the tenant's first environment).</summary>
        public string[] Changes { get; internal set; } = System.Array.Empty<string>();

        public override string ToString() => $"{ClientId} in {Environment}: {(ActionRequired == null ? "removed" : "action required")}";
    }
}
