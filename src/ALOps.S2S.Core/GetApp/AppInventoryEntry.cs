using System;
using System.Collections.Generic;
using System.Linq;
using ALOps.S2S.Core.Graph;

namespace ALOps.S2S.Core.GetApp
{
    /// <summary>The state of one app in one tenant, as read (nothing is changed to learn it).</summary>
    public sealed class AppInventoryEntry
    {
        public string TenantId { get; set; } = string.Empty;
        public string ClientId { get; set; } = string.Empty;
        public string DisplayName { get; set; } = string.Empty;
        /// <summary>The app's service principal in this tenant; null when the tenant holds only its registration.</summary>
        public string? ServicePrincipalId { get; set; }
        /// <summary>Application, ManagedIdentity, ...</summary>
        public string? ServicePrincipalType { get; set; }
        public string? SignInAudience { get; set; }
        /// <summary>The tenant that holds the app registration (and so its credentials).</summary>
        public string? HomeTenantId { get; set; }
        /// <summary>The app's credentials; null when they could not be read (see <see cref="CredentialNote"/>).</summary>
        public IReadOnlyList<AppCredentialInfo>? Credentials { get; set; }
        /// <summary>Why the credentials are not shown, or where they were read when not in this tenant.</summary>
        public string? CredentialNote { get; set; }
        public IReadOnlyList<string> BusinessCentralRoles { get; set; } = Array.Empty<string>();
        /// <summary>Listed under Authorized Microsoft Entra apps in the admin center; null when that could not be read.</summary>
        public bool? AdminCenterAuthorized { get; set; }
        public string? AdminCenterNote { get; set; }
        public IReadOnlyList<AppEnvironmentState> Environments { get; set; } = Array.Empty<AppEnvironmentState>();

        /// <summary>Registered for other organizations too (a partner's app consented into customer tenants).</summary>
        public bool IsMultiTenant => SignInAudience != null && !string.Equals(SignInAudience, "AzureADMyOrg", StringComparison.OrdinalIgnoreCase);

        public bool IsHomeTenant => HomeTenantId != null && string.Equals(HomeTenantId, TenantId, StringComparison.OrdinalIgnoreCase);

        /// <summary>The earliest end among the secrets and certificates; null without any (or when unread).</summary>
        public DateTimeOffset? NextExpiry => Credentials?.Where(c => c.End != null).Select(c => c.End).Min();

        /// <summary>
        /// Needs attention within <paramref name="days"/>: a secret or certificate ends (or has ended) within that
        /// many days. Federated credentials never end; unread credentials cannot be judged.
        /// </summary>
        public bool ExpiresWithin(int days, DateTimeOffset now) => NextExpiry is DateTimeOffset next && next <= now.AddDays(days);
    }

    /// <summary>The app in one Business Central environment.</summary>
    public sealed class AppEnvironmentState
    {
        public string Environment { get; set; } = string.Empty;
        /// <summary>Null when the operator could not tell.</summary>
        public bool? Registered { get; set; }
        public IReadOnlyList<string> PermissionSets { get; set; } = Array.Empty<string>();
        public string? Note { get; set; }
    }
}
