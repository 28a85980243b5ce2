using System;
using System.Security;

namespace ALOps.S2S.Models
{
    /// <summary>
    /// The app's Business Central permissions after Grant-ALOpsS2SPermission. Carries the app's credential on
    /// from New-ALOpsS2SApp so the pipeline can end in Register-ALOpsBcClient and Test-ALOpsS2S.
    /// </summary>
    public sealed class S2SPermissionGrant
    {
        public string TenantId { get; internal set; } = string.Empty;
        public string DisplayName { get; internal set; } = string.Empty;
        public string ClientId { get; internal set; } = string.Empty;
        public string ServicePrincipalId { get; internal set; } = string.Empty;
        /// <summary>Business Central application permissions consented for the app.</summary>
        public string[] Permission { get; internal set; } = Array.Empty<string>();
        /// <summary>Those of them granted by this run.</summary>
        public string[] NewlyGranted { get; internal set; } = Array.Empty<string>();
        public SecureString? ClientSecret { get; internal set; }
        public string? CertificateThumbprint { get; internal set; }
        public bool Created { get; internal set; }
        /// <summary>True when the app is only planned (New-ALOpsS2SApp -WhatIf): nothing was granted.</summary>
        public bool Planned { get; internal set; }

        public override string ToString() => $"{DisplayName} ({ClientId}): {string.Join(", ", Permission)}";
    }
}
