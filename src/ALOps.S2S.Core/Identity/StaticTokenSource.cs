using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>Access tokens obtained elsewhere (e.g. az account get-access-token), one per resource, used as given.</summary>
    internal sealed class StaticTokenSource : IAccessTokenSource
    {
        private readonly Dictionary<string, AccessToken> _tokens = new Dictionary<string, AccessToken>(StringComparer.OrdinalIgnoreCase);

        public IAccessTokenSource? ForTenant(string tenantId) => null;

        public void Add(AccessToken token) => _tokens[token.Resource] = token;

        public Task<AccessToken> GetTokenAsync(string resource, CancellationToken cancellationToken)
        {
            if (!_tokens.TryGetValue(resource, out var token))
            {
                var parameter = resource == CloudEndpoints.GraphResource ? "-GraphAccessToken" : "-BusinessCentralAccessToken";
                throw new S2SException(S2SErrors.NoAccessTokenForResource, $"The connection was made with access tokens and has none for {resource}.", resource,
                    $"Connect again with {parameter} (e.g. from 'az account get-access-token --resource {resource}').");
            }
            if (token.ExpiresOn <= DateTimeOffset.UtcNow)
                throw new S2SException(S2SErrors.AccessTokenExpired, $"The access token for {resource} expired at {token.ExpiresOn:u}.", resource,
                    "Get a fresh token and run Connect-ALOpsS2S again.");
            return Task.FromResult(token);
        }
    }
}
