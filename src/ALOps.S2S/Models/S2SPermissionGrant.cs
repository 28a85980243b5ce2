using System;
using System.Management.Automation;
using System.Security;

namespace ALOps.S2S.Models
{
    /// <summary>
    /// The app's Business Central permissions after Grant-ALOpsS2SPermission. Carries the app's credential on
    /// from New-ALOpsS2SApp so the pipeline can end in Register-ALOpsBcClient and Test-ALOpsS2S.
    /// </summary>
    public sealed class S2SPermissionGrant
    {
        /// <summary>The input row this result is for (1, 2, ... in input order).</summary>
        public int Row { get; internal set; }
        public string TenantId { get; internal set; } = string.Empty;
        public string DisplayName { get; internal set; } = string.Empty;
        public string ClientId { get; internal set; } = string.Empty;
        public string ServicePrincipalId { get; internal set; } = string.Empty;
        /// <summary>Business Central application permissions consented for the app.</summary>
        public string[] Permission { get; internal set; } = Array.Empty<string>();
        /// <summary>Those of them granted by this run.</summary>
        public string[] NewlyGranted { get; internal set; } = Array.Empty<string>();
        /// <summary>In a customer tenant the customer's admin consented: the admin-consent link that was given.</summary>
        public string? ConsentUrl { get; internal set; }
        public SecureString? ClientSecret { get; internal set; }
        public string? CertificateThumbprint { get; internal set; }
        public bool Created { get; internal set; }
        /// <summary>True when the app is only planned (New-ALOpsS2SApp -WhatIf): nothing was granted.</summary>
        public bool Planned { get; internal set; }

        /// <summary>The app as this command hands it on to the next (see <see cref="S2SAppHandle"/>).</summary>
        [Hidden]
        public S2SAppHandle? AppHandle { get; internal set; }

        public override string ToString() => $"{DisplayName} ({ClientId}): {string.Join(", ", Permission)}";
    }
}
