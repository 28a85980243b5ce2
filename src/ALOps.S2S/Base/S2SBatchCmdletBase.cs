using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Certificates;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// Rows that are also worked on as the S2S app itself, with the app's own credential: at most one of these. Not
    /// parameter sets, because a piped object carries ClientSecret and CertificateThumbprint of which one is empty.
    /// </summary>
    public abstract class S2SBatchCmdletBase : S2SRowsCmdletBase
    {
        /// <summary>The app's own client secret (piped from New-ALOpsS2SApp).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SecureString? ClientSecret { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? CertificateThumbprint { get; set; }

        [Parameter]
        public X509Certificate2? Certificate { get; set; }

        [Parameter]
        public SecureString? FederatedToken { get; set; }

        private protected AppCredential ReadAppCredential() => new AppCredential
        {
            ClientSecret = ClientSecret,
            Certificate = Certificate,
            CertificateThumbprint = CertificateThumbprint,
            FederatedToken = FederatedToken,
        };
    }
}
