using System;
using System.Management.Automation;
using System.Security;

namespace ALOps.S2S.Models
{
    /// <summary>
    /// The app registration New-ALOpsS2SApp found or created. Property names match the next cmdlets'
    /// parameters (TenantId, ClientId, ...), so it pipes into Grant-ALOpsS2SPermission.
    /// </summary>
    public sealed class S2SApp
    {
        public string TenantId { get; internal set; } = string.Empty;
        public string DisplayName { get; internal set; } = string.Empty;
        public string ClientId { get; internal set; } = string.Empty;
        public string ObjectId { get; internal set; } = string.Empty;
        public string? ServicePrincipalId { get; internal set; }
        /// <summary>AzureADMyOrg (single tenant) or AzureADMultipleOrgs (multitenant: consentable in customer tenants).</summary>
        public string? SignInAudience { get; internal set; }
        public S2SCredentialType CredentialType { get; internal set; }
        /// <summary>The new client secret, only on the run that created it. It cannot be read back later.</summary>
        public SecureString? ClientSecret { get; internal set; }
        public DateTimeOffset? CredentialExpiresOn { get; internal set; }
        public string? CertificateThumbprint { get; internal set; }
        /// <summary>Where a generated certificate was exported (PFX, protected by the given password).</summary>
        public string? CertificatePath { get; internal set; }
        public string? FederatedIssuer { get; internal set; }
        public string? FederatedSubject { get; internal set; }
        public bool Created { get; internal set; }
        /// <summary>
        /// True for the plan New-ALOpsS2SApp -WhatIf emits when the app does not exist yet: it has no ids (none is
        /// invented), and Grant-ALOpsS2SPermission and Register-ALOpsBcClient only show their plan for it.
        /// </summary>
        public bool Planned { get; internal set; }
        /// <summary>What Grant-ALOpsS2SPermission, Register-ALOpsBcClient and Test-ALOpsS2S take from this object when it is piped to them.</summary>
        [Hidden]
        public S2SAppHandle? AppHandle { get; internal set; }

        public override string ToString() => Planned ? $"{DisplayName} (planned, not created)" : $"{DisplayName} ({ClientId})";
    }
}
