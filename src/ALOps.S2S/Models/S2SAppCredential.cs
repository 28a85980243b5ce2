using System;

namespace ALOps.S2S.Models
{
    /// <summary>
    /// One credential of an app (never its value). TenantId is the tenant that holds it (the app's home tenant),
    /// so credentials pipe into Remove-ALOpsS2SCredential by TenantId, ClientId and KeyId.
    /// </summary>
    public sealed class S2SAppCredential
    {
        public string TenantId { get; internal set; } = string.Empty;
        public string ClientId { get; internal set; } = string.Empty;
        public S2SCredentialType Type { get; internal set; }
        /// <summary>The secret's or certificate's keyId; the federated credential's id.</summary>
        public string KeyId { get; internal set; } = string.Empty;
        public string? DisplayName { get; internal set; }
        /// <summary>A secret's first characters, a certificate's thumbprint, a federated credential's subject.</summary>
        public string? Hint { get; internal set; }
        public DateTimeOffset? StartDateTime { get; internal set; }
        /// <summary>Empty for federated credentials: they do not expire.</summary>
        public DateTimeOffset? EndDateTime { get; internal set; }
        /// <summary>Whole days until the end, negative once ended; empty for federated credentials.</summary>
        public int? DaysLeft { get; internal set; }
        /// <summary>Started and not ended: the app can sign in with it now.</summary>
        public bool IsValid { get; internal set; }

        public override string ToString() => $"{Type} {KeyId}{(EndDateTime == null ? string.Empty : $" (ends {EndDateTime:yyyy-MM-dd})")}";
    }
}
