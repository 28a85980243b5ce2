using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using ALOps.S2S.Core.Connect;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>
    /// Reads an app registration's secrets, certificates and federated credentials (never a value) in one tenant.
    /// Only the app's home tenant holds them; elsewhere the app has just a service principal.
    /// </summary>
    internal static class AppCredentialReader
    {
        private static readonly string[] Fields = { "id", "appId", "displayName", "signInAudience", "passwordCredentials", "keyCredentials" };

        /// <summary>The app and its credentials as <paramref name="session"/> sees them; null when the tenant holds no such registration.</summary>
        public static async Task<AppRegistrationCredentials?> ReadAsync(S2SSession session, string clientId, CancellationToken ct)
        {
            var app = await ApplicationLookup.FindAsync(session.Graph, clientId, Fields, "read the app's credentials", ct).ConfigureAwait(false);
            if (app?.Id == null) return null;

            List<FederatedIdentityCredential> federated;
            try
            {
                federated = (await session.Graph.Applications[app.Id].FederatedIdentityCredentials.GetAsync(cancellationToken: ct).ConfigureAwait(false))?.Value
                            ?? new List<FederatedIdentityCredential>();
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "read the app's federated credentials", clientId);
            }

            var credentials = new List<AppCredentialInfo>();
            credentials.AddRange((app.PasswordCredentials ?? new List<PasswordCredential>()).Where(p => p.KeyId != null)
                .Select(p => new AppCredentialInfo(CredentialKind.Secret, p.KeyId!.Value.ToString("D"), p.DisplayName, p.Hint, p.StartDateTime, p.EndDateTime)));
            credentials.AddRange((app.KeyCredentials ?? new List<KeyCredential>()).Where(k => k.KeyId != null)
                .Select(k => new AppCredentialInfo(CredentialKind.Certificate, k.KeyId!.Value.ToString("D"), k.DisplayName, KeyCredentialThumbprint.Of(k), k.StartDateTime, k.EndDateTime)));
            credentials.AddRange(federated.Where(f => f.Id != null)
                .Select(f => new AppCredentialInfo(CredentialKind.Federated, f.Id!, f.Name, f.Subject, null, null)));
            return new AppRegistrationCredentials(session.TenantId, app.Id, app.AppId ?? clientId, app.DisplayName ?? string.Empty, app.SignInAudience, credentials);
        }
    }
}
