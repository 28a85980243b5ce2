using System;

namespace ALOps.S2S.Models
{
    /// <summary>
    /// The state of one app in one tenant (Get-ALOpsS2SApp): credentials, Business Central roles, single- or
    /// multitenant, admin center authorization and, when asked, each environment. TenantId and ClientId pipe into
    /// Remove-ALOpsS2SCredential, Register-ALOpsBcClient and Test-ALOpsS2S.
    /// </summary>
    public sealed class S2SAppInventory
    {
        /// <summary>The input row (1 = the first) this app was read for.</summary>
        public int Row { get; internal set; }
        public string TenantId { get; internal set; } = string.Empty;
        public string DisplayName { get; internal set; } = string.Empty;
        public string ClientId { get; internal set; } = string.Empty;
        /// <summary>The app's service principal in this tenant (empty: only the registration is here).</summary>
        public string? ServicePrincipalId { get; internal set; }
        /// <summary>True for an app other organizations can consent to (a partner's app).</summary>
        public bool MultiTenant { get; internal set; }
        public string? SignInAudience { get; internal set; }
        /// <summary>The tenant holding the app registration and its credentials.</summary>
        public string? HomeTenantId { get; internal set; }
        /// <summary>Empty when the credentials could not be read (see CredentialNote).</summary>
        public S2SAppCredential[]? Credentials { get; internal set; }
        public string? CredentialNote { get; internal set; }
        /// <summary>The earliest end of a secret or certificate.</summary>
        public DateTimeOffset? NextExpiry { get; internal set; }
        /// <summary>Whole days until NextExpiry, negative once passed.</summary>
        public int? DaysLeft { get; internal set; }
        /// <summary>Business Central application permissions granted in this tenant.</summary>
        public string[] BusinessCentralRoles { get; internal set; } = Array.Empty<string>();
        /// <summary>Listed under Authorized Microsoft Entra apps in the admin center; empty when that could not be read.</summary>
        public bool? AdminCenterAuthorized { get; internal set; }
        public string? AdminCenterNote { get; internal set; }
        /// <summary>With -Environment or -AllEnvironments: the app in each environment.</summary>
        public S2SAppEnvironment[] Environments { get; internal set; } = Array.Empty<S2SAppEnvironment>();

        public override string ToString() => $"{DisplayName} ({ClientId}) in {TenantId}";
    }
}
