using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ALOps.S2S.Core.Tokens
{
    /// <summary>
    /// Hands each resource's token out again until five minutes before it expires, the margin at which MSAL itself
    /// stops using a cached token. MSAL would return the same token from its cache, but its silent lookup (cache
    /// search, logging, telemetry) costs more than the call the token authorizes when hundreds of calls run at once.
    /// A token already in its last five minutes is never kept, so the identity's source is asked again.
    /// </summary>
    internal sealed class TokenReuse
    {
        private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
        private readonly ConcurrentDictionary<string, AccessToken> _tokens = new ConcurrentDictionary<string, AccessToken>(StringComparer.OrdinalIgnoreCase);

        public async Task<AccessToken> GetAsync(string resource, Func<string, CancellationToken, Task<AccessToken>> acquire, CancellationToken cancellationToken)
        {
            if (_tokens.TryGetValue(resource, out var held) && Usable(held)) return held;
            var token = await acquire(resource, cancellationToken).ConfigureAwait(false);
            if (Usable(token)) _tokens[resource] = token;
            return token;
        }

        /// <summary>Keeps a token got elsewhere for this identity and tenant (e.g. the one that told a tenant's id).</summary>
        public void Offer(AccessToken token)
        {
            if (Usable(token)) _tokens.TryAdd(token.Resource, token);
        }

        private static bool Usable(AccessToken token) => token.ExpiresOn - DateTimeOffset.UtcNow > RefreshMargin;
    }
}
