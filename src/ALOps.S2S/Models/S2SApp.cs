using System;
using System.Security;
using ALOps.S2S.Core.Graph;

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
        /// <summary>The app as New-ALOpsS2SApp read or created it; current only while <see cref="BeingWritten"/>.</summary>
        internal ApplicationSnapshot? Snapshot { get; set; }
        /// <summary>
        /// True while New-ALOpsS2SApp writes this object to the pipeline, that is while the next command processes
        /// it. An object kept in a variable and piped later is not current: others may have changed the app since.
        /// </summary>
        internal bool BeingWritten { get; set; }

        public override string ToString() => Planned ? $"{DisplayName} (planned, not created)" : $"{DisplayName} ({ClientId})";
    }
}
