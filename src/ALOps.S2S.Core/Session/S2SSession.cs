using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Identity;

namespace ALOps.S2S.Core.Session
{
    /// <summary>
    /// A signed-in operator: who it is, in which tenant and cloud, and a source of tokens for Graph, the
    /// Business Central Admin Center and BC APIs. Holds no token value that callers can read.
    /// </summary>
    public sealed class S2SSession : IDisposable
    {
        private readonly IAccessTokenSource _tokens;
        private readonly S2SHttpClientFactory _http;
        private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);

        internal S2SSession(OperatorSignInRequest request, IAccessTokenSource tokens, S2SHttpClientFactory http, AccessToken first)
        {
            _tokens = tokens;
            _http = http;
            Cloud = request.Cloud;
            Mode = request.Mode;
            RequestedTenant = request.Tenant;
            var claims = first.Claims;
            TenantId = claims?.TenantId ?? request.Tenant ?? string.Empty;
            ClientId = request.ClientId ?? claims?.AppId;
            IsAppOnly = claims?.IsAppOnly ?? request.Mode >= OperatorMode.ClientSecret;
            Account = (IsAppOnly ? claims?.AppId : claims?.UserPrincipalName) ?? ClientId ?? "unknown";
            AccountType = !IsAppOnly ? "User" : request.Mode == OperatorMode.ManagedIdentity ? "ManagedIdentity" : "ServicePrincipal";
            Remember(first);
        }

        public CloudEndpoints Cloud { get; }
        public OperatorMode Mode { get; }
        /// <summary>The tenant as the user gave it (GUID or domain), if given.</summary>
        public string? RequestedTenant { get; }
        /// <summary>The tenant GUID, from the token.</summary>
        public string TenantId { get; }
        public string? ClientId { get; }
        public string Account { get; }
        public string AccountType { get; }
        public bool IsAppOnly { get; }
        public DateTimeOffset ConnectedOn { get; } = DateTimeOffset.UtcNow;

        /// <summary>When the last token obtained for each resource expires.</summary>
        public IReadOnlyDictionary<string, DateTimeOffset> TokenExpiries => new Dictionary<string, DateTimeOffset>(_expiries);

        internal HttpClient Http => _http.GetHttpClient();

        private Microsoft.Graph.GraphServiceClient? _graph;

        /// <summary>The Graph SDK client of this connection, made on first use (loading Graph is not free).</summary>
        internal Microsoft.Graph.GraphServiceClient Graph => _graph ??= Core.Graph.GraphClientFactory.Create(this);

        public async Task<AccessToken> GetTokenAsync(string resource, CancellationToken cancellationToken)
        {
            var token = await _tokens.GetTokenAsync(resource, cancellationToken).ConfigureAwait(false);
            Remember(token);
            return token;
        }

        private void Remember(AccessToken token) => _expiries[token.Resource] = token.ExpiresOn;

        public void Dispose() => _http.Dispose();
    }
}
