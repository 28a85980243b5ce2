using System;
using System.Collections.Generic;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Core.Graph;

namespace ALOps.S2S.Core.NewApp
{
    /// <summary>The app as it is after New-ALOpsS2SApp, and what the run changed.</summary>
    public sealed class AppRegistrationResult
    {
        public string TenantId { get; set; } = string.Empty;
        public string DisplayName { get; set; } = string.Empty;
        public string ClientId { get; set; } = string.Empty;
        public string ObjectId { get; set; } = string.Empty;
        public string? ServicePrincipalId { get; set; }
        /// <summary>AzureADMyOrg (single tenant) or AzureADMultipleOrgs (multitenant), as Graph has it.</summary>
        public string? SignInAudience { get; set; }
        public CredentialKind CredentialType { get; set; }
        /// <summary>Only when this run created a secret: its value, once, read-only.</summary>
        public SecureString? ClientSecret { get; set; }
        public DateTimeOffset? CredentialExpiresOn { get; set; }
        public string? CertificateThumbprint { get; set; }
        /// <summary>Only when this run generated the certificate: it, with its private key.</summary>
        public X509Certificate2? GeneratedCertificate { get; set; }
        public string? FederatedIssuer { get; set; }
        public string? FederatedSubject { get; set; }
        public bool Created { get; set; }
        /// <summary>The app as this run read or created it: for the next step of the same pipeline.</summary>
        public ApplicationSnapshot? Snapshot { get; set; }
        public List<string> Changes { get; } = new List<string>();
        /// <summary>Changes a -WhatIf run would have made.</summary>
        public List<string> SkippedChanges { get; } = new List<string>();
    }
}
