using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Certificates;
using ALOps.S2S.Models;

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

        /// <summary>The app as the previous command of the New | Grant | Register | Test chain handed it on.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public S2SAppHandle? AppHandle { get; set; }

        /// <summary>The app is only planned (New-ALOpsS2SApp -WhatIf): the command shows its plan and changes nothing.</summary>
        private protected bool Planned => AppHandle?.Planned == true;

        /// <summary>What the previous command handed on about the row's app; null for another app (a -ClientId given by hand).</summary>
        private protected S2SAppHandle? HandleFor(string clientId) => AppHandle != null && AppHandle.IsFor(clientId) ? AppHandle : null;

        private protected AppCredential ReadAppCredential() => new AppCredential
        {
            ClientSecret = ClientSecret,
            Certificate = Certificate,
            CertificateThumbprint = CertificateThumbprint,
            FederatedToken = FederatedToken,
        };
    }
}
