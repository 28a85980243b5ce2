using System;
using System.Management.Automation;
using System.Security;

namespace ALOps.S2S.Models
{
    /// <summary>The app in one Business Central environment, as Register-ALOpsBcClient leaves it.</summary>
    public sealed class S2SBcRegistration
    {
        /// <summary>The input row (1 = the first) this result belongs to.</summary>
        public int Row { get; internal set; }
        public string TenantId { get; internal set; } = string.Empty;
        public string ClientId { get; internal set; } = string.Empty;
        public string Environment { get; internal set; } = string.Empty;
        /// <summary>Listed under Authorized Microsoft Entra apps in the admin center (empty when an app-only operator could not tell).</summary>
        public bool? AdminCenterAuthorized { get; internal set; }
        public bool Registered { get; internal set; }
        public string[] PermissionSets { get; internal set; } = Array.Empty<string>();
        /// <summary>What a person must still do in this environment, or empty.</summary>
        public string? ActionRequired { get; internal set; }
        /// <summary>The environment's Microsoft Entra Applications page (9860).</summary>
        public string Url { get; internal set; } = string.Empty;
        public SecureString? ClientSecret { get; internal set; }
        public string? CertificateThumbprint { get; internal set; }
        /// <summary>True when the app is only planned (New-ALOpsS2SApp -WhatIf): nothing was registered.</summary>
        public bool Planned { get; internal set; }

        /// <summary>The app as this command hands it on to the next (see <see cref="S2SAppHandle"/>).</summary>
        [Hidden]
        public S2SAppHandle? AppHandle { get; internal set; }

        public override string ToString() => $"{ClientId} in {Environment}: {(Registered ? "registered" : "action required")}";
    }
}
