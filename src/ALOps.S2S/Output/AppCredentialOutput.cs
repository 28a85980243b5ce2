using System;
using System.Linq;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Models;

namespace ALOps.S2S.Output
{
    /// <summary>The engine's credentials as output objects.</summary>
    internal static class AppCredentialOutput
    {
        public static S2SAppCredential From(AppCredentialInfo credential, string tenantId, string clientId, DateTimeOffset now) => new S2SAppCredential
        {
            TenantId = tenantId,
            ClientId = clientId,
            Type = (S2SCredentialType)(int)credential.Kind,
            KeyId = credential.KeyId,
            DisplayName = credential.DisplayName,
            Hint = credential.Hint,
            StartDateTime = credential.Start,
            EndDateTime = credential.End,
            DaysLeft = credential.DaysLeft(now),
            IsValid = credential.IsValid(now),
        };

        public static S2SAppCredential[] From(System.Collections.Generic.IEnumerable<AppCredentialInfo> credentials, string tenantId, string clientId, DateTimeOffset now)
            => credentials.Select(c => From(c, tenantId, clientId, now)).ToArray();
    }
}
