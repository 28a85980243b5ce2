using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Kiota.Abstractions.Authentication;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>
    /// Gives the Graph SDK the session's Graph token, but only for the configured Graph host. The stock Azure
    /// provider allows the public Graph hosts only and silently sends no header elsewhere (a custom cloud).
    /// </summary>
    internal sealed class SessionAccessTokenProvider : IAccessTokenProvider
    {
        private readonly S2SSession _session;

        public SessionAccessTokenProvider(S2SSession session)
        {
            _session = session;
            AllowedHostsValidator = new AllowedHostsValidator(new[] { session.Cloud.GraphEndpoint.Host });
        }

        public AllowedHostsValidator AllowedHostsValidator { get; }

        public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            // Only the configured Graph endpoint (scheme, host and port) ever sees the token.
            var graph = _session.Cloud.GraphEndpoint;
            if (uri.Scheme != Uri.UriSchemeHttps || !string.Equals(uri.Authority, graph.Authority, StringComparison.OrdinalIgnoreCase)) return string.Empty;
            var token = await _session.GetTokenAsync(CloudEndpoints.GraphResource, cancellationToken).ConfigureAwait(false);
            return token.Value;
        }
    }
}
