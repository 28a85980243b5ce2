using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Connect
{
    /// <summary>
    /// The GUIDs of the tenants a connection acts in, each looked up once. A tenant named by a domain is told by the
    /// authority's OpenID metadata; but when the caller is about to ask that tenant for a token anyway, the token tells
    /// it (its <c>tid</c>), one call instead of two in a row, and the token is kept for the caller.
    /// </summary>
    internal sealed class TenantIds
    {
        private readonly CloudEndpoints _cloud;
        private readonly IAccessTokenSource _identity;
        private readonly Func<HttpClient> _http;
        private readonly AsyncMemo<string, string> _ids = new AsyncMemo<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, AccessToken> _firstTokens = new ConcurrentDictionary<string, AccessToken>(StringComparer.OrdinalIgnoreCase);

        public TenantIds(CloudEndpoints cloud, IAccessTokenSource identity, Func<HttpClient> http)
        {
            _cloud = cloud;
            _identity = identity;
            _http = http;
        }

        /// <param name="firstResource">The resource whose token the caller asks the tenant for first; null when it asks none.</param>
        public Task<string> ResolveAsync(string tenant, string? firstResource, CancellationToken ct)
            => _ids.GetAsync(tenant, name => LookUpAsync(name, firstResource, ct));

        /// <summary>The token a lookup got in <paramref name="tenantId"/>, handed out once.</summary>
        public AccessToken? TakeFirstToken(string tenantId) => _firstTokens.TryRemove(tenantId, out var token) ? token : null;

        private async Task<string> LookUpAsync(string tenant, string? firstResource, CancellationToken ct)
        {
            var inTenant = firstResource == null || Guid.TryParse(tenant, out _) ? null : _identity.ForTenant(tenant);
            if (inTenant != null)
            {
                try
                {
                    var token = await inTenant.GetTokenAsync(firstResource!, ct).ConfigureAwait(false);
                    if (Guid.TryParse(token.Claims?.TenantId, out var id))
                    {
                        var tenantId = id.ToString("D");
                        _firstTokens[tenantId] = token;
                        return tenantId;
                    }
                }
                catch (S2SException e) when (e.ErrorId.Kind == S2SErrorKind.PermissionDenied || e.ErrorId.Kind == S2SErrorKind.AuthenticationError)
                {
                    // Refused for this identity (no rights there, no consent): the tenant still exists, the metadata says
                    // which it is, and the caller's own token request meets the refusal where it handles it. Anything
                    // else (no such tenant, the authority unreachable after its retries) is the caller's answer as it is.
                }
            }
            return await TenantResolver.ResolveAsync(_cloud, tenant, _http(), ct).ConfigureAwait(false);
        }
    }
}
