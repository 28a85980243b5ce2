
namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>One environment in which an app must be registered, and the values to register it with.</summary>
    public sealed class EnvironmentTarget
    {
        public EnvironmentTarget(string tenantId, BcEnvironment environment, string clientId, string description, string[] permissionSets)
        {
            TenantId = tenantId;
            Environment = environment;
            ClientId = clientId;
            Description = description;
            PermissionSets = permissionSets;
        }

        public string TenantId { get; }
        public BcEnvironment Environment { get; }
        public string ClientId { get; }
        public string Description { get; }
        public string[] PermissionSets { get; }
        /// <summary>The app's display name in Entra, when known: what an admin most likely typed as Description instead.</summary>
        public string? AppName { get; set; }

        /// <summary>The environment's "Microsoft Entra Applications" page (page 9860).</summary>
        public string PageUrl => BcLinks.EntraApplicationsPage(TenantId, Environment.Name, Environment.WebClientLoginUrl);
    }
}
