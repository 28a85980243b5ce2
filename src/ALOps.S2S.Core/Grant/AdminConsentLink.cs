using System;
using ALOps.S2S.Core.Clouds;

namespace ALOps.S2S.Core.Grant
{
    /// <summary>
    /// The admin-consent link a customer's admin opens to consent a partner's multitenant app for Business Central:
    /// the identity platform's v2.0 <c>adminconsent</c> endpoint with the Business Central <c>.default</c> scope, which
    /// grants every Business Central application permission the app requires (MicrosoftDocs/entra-docs,
    /// v2-oauth2-client-creds-grant-flow.md, "Request the permissions from a directory admin"). Built on the
    /// connection's authority host, so it follows a custom cloud.
    /// </summary>
    public static class AdminConsentLink
    {
        public static string For(CloudEndpoints cloud, string tenant, string clientId, string redirectUri, string? state = null)
            => new Uri(cloud.AuthorityFor(tenant), "v2.0/adminconsent").AbsoluteUri
               + "?client_id=" + Uri.EscapeDataString(clientId)
               + "&scope=" + Uri.EscapeDataString(CloudEndpoints.ScopeFor(CloudEndpoints.BusinessCentralResource))
               + "&redirect_uri=" + Uri.EscapeDataString(redirectUri)
               + "&state=" + Uri.EscapeDataString(state ?? Guid.NewGuid().ToString("N"));
    }
}
