using System.Collections.Generic;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>An app registration, in the tenant that holds it (its home tenant), with its credentials.</summary>
    public sealed class AppRegistrationCredentials
    {
        public AppRegistrationCredentials(string tenantId, string objectId, string clientId, string displayName, string? signInAudience, IReadOnlyList<AppCredentialInfo> credentials)
        {
            TenantId = tenantId;
            ObjectId = objectId;
            ClientId = clientId;
            DisplayName = displayName;
            SignInAudience = signInAudience;
            Credentials = credentials;
        }

        public string TenantId { get; }
        public string ObjectId { get; }
        public string ClientId { get; }
        public string DisplayName { get; }
        public string? SignInAudience { get; }
        public IReadOnlyList<AppCredentialInfo> Credentials { get; }
    }
}
