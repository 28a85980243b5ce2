namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>A Business Central environment as the Admin Center lists it.</summary>
    public sealed class BcEnvironment
    {
        public string Name { get; set; } = string.Empty;
        public string? FriendlyName { get; set; }
        /// <summary>Production or Sandbox.</summary>
        public string? Type { get; set; }
        /// <summary>Active, Preparing, Upgrading, SoftDeleted, ...</summary>
        public string? Status { get; set; }
        public string? ApplicationFamily { get; set; }
        public string? AadTenantId { get; set; }
        public string? WebClientLoginUrl { get; set; }

        public bool IsActive => string.Equals(Status, "Active", System.StringComparison.OrdinalIgnoreCase);
    }
}
