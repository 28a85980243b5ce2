using System;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>One credential of an app registration as Microsoft Graph lists it: never its value.</summary>
    public sealed class AppCredentialInfo
    {
        public AppCredentialInfo(CredentialKind kind, string keyId, string? displayName, string? hint, DateTimeOffset? start, DateTimeOffset? end)
        {
            Kind = kind;
            KeyId = keyId;
            DisplayName = displayName;
            Hint = hint;
            Start = start;
            End = end;
        }

        public CredentialKind Kind { get; }
        /// <summary>The secret's or certificate's keyId; a federated credential's id.</summary>
        public string KeyId { get; }
        /// <summary>The secret's description, the certificate's display name, or the federated credential's name.</summary>
        public string? DisplayName { get; }
        /// <summary>A secret's first characters (Graph's hint).</summary>
        public string? Hint { get; }
        public DateTimeOffset? Start { get; }
        /// <summary>Null for federated credentials: they have no end.</summary>
        public DateTimeOffset? End { get; }

        /// <summary>Whole days until the end (negative once ended); null for federated credentials.</summary>
        public int? DaysLeft(DateTimeOffset now) => End == null ? (int?)null : (int)Math.Floor((End.Value - now).TotalDays);

        /// <summary>Usable to sign in now: started and not ended. Federated credentials have no dates and always are.</summary>
        public bool IsValid(DateTimeOffset now) => (Start == null || Start <= now) && (End == null || End > now);

        public bool IsExpired(DateTimeOffset now) => End != null && End <= now;

        public override string ToString() => $"{Kind} {KeyId}{(DisplayName == null ? string.Empty : " '" + DisplayName + "'")}{(End == null ? string.Empty : $", ends {End:yyyy-MM-dd}")}";
    }
}
