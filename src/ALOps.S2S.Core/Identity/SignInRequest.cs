using System.Security;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Core.Clouds;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>Everything needed to sign the operator in. Secrets stay SecureString until the HTTP edge.</summary>
    public sealed class SignInRequest
    {
        /// <summary>Microsoft Azure PowerShell, a first-party public client pre-authorized for Graph and Business Central.</summary>
        public const string DefaultPublicClientId = "1950a258-227b-4e31-a9cf-717495945fc2";

        public SignInRequest(SignInMode mode, CloudEndpoints cloud)
        {
            Mode = mode;
            Cloud = cloud;
        }

        public SignInMode Mode { get; }
        public CloudEndpoints Cloud { get; }
        /// <summary>Normalized tenant GUID or domain; null only for managed identity and access tokens.</summary>
        public string? Tenant { get; set; }
        public string? ClientId { get; set; }
        public SecureString? ClientSecret { get; set; }
        public X509Certificate2? Certificate { get; set; }
        public SecureString? FederatedToken { get; set; }
        public SecureString? GraphAccessToken { get; set; }
        public SecureString? BusinessCentralAccessToken { get; set; }
        /// <summary>The tenant GUID to sign in at when <see cref="Tenant"/> is a domain; null to use <see cref="Tenant"/>.</summary>
        public string? AuthorityTenant { get; private set; }

        internal SignInRequest WithAuthorityTenant(string tenantId)
        {
            AuthorityTenant = tenantId;
            return this;
        }
    }
}
