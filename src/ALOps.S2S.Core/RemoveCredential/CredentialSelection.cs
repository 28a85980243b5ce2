using System;
using System.Collections.Generic;
using System.Linq;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;

namespace ALOps.S2S.Core.RemoveCredential
{
    /// <summary>Picks the credentials a removal takes away, and refuses to leave the app without a valid one.</summary>
    public static class CredentialSelection
    {
        /// <summary>The credentials to remove, and the requested key ids the app no longer has.</summary>
        public static (IReadOnlyList<AppCredentialInfo> Remove, IReadOnlyList<string> AlreadyGone) Select(
            IReadOnlyList<AppCredentialInfo> credentials, CredentialRemovalRequest request, DateTimeOffset now)
        {
            var remove = new List<AppCredentialInfo>();
            var gone = new List<string>();
            foreach (var keyId in request.KeyIds)
            {
                var match = credentials.FirstOrDefault(c => string.Equals(c.KeyId, keyId, StringComparison.OrdinalIgnoreCase));
                if (match == null) gone.Add(keyId);
                else remove.Add(match);
            }
            if (request.Expired) remove.AddRange(credentials.Where(c => c.IsExpired(now)));
            if (request.KeepLatest is int keep)
                foreach (var kind in new[] { CredentialKind.Secret, CredentialKind.Certificate })
                    remove.AddRange(credentials.Where(c => c.Kind == kind)
                        .OrderByDescending(c => c.Start ?? DateTimeOffset.MinValue).ThenByDescending(c => c.End ?? DateTimeOffset.MaxValue)
                        .Skip(keep));
            return (remove.Distinct().ToList(), gone);
        }

        /// <summary>
        /// Throws when removing <paramref name="remove"/> would take the app's last valid credential (started, not
        /// ended; federated credentials count as valid) and <paramref name="force"/> is not set. An app that has no
        /// valid credential to begin with loses nothing that works.
        /// </summary>
        public static void EnsureOneStaysValid(IReadOnlyList<AppCredentialInfo> credentials, IReadOnlyList<AppCredentialInfo> remove, bool force, string clientId, DateTimeOffset now)
        {
            if (force) return;
            var validNow = credentials.Where(c => c.IsValid(now)).ToList();
            if (validNow.Count == 0 || validNow.Any(c => !remove.Contains(c))) return;
            throw new S2SException(S2SErrors.LastValidCredential,
                $"Removing {string.Join(", ", remove.Where(r => r.IsValid(now)).Select(r => r.ToString()))} would leave app {clientId} without a valid credential; nothing was removed.",
                clientId,
                "Add and prove a new credential first (New-ALOpsS2SApp -ClientId <id> -NewSecret, then Test-ALOpsS2S with it), or pass -Force to remove it anyway.");
        }
    }
}
