using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Connect
{
    /// <summary>
    /// A signed-in operator: who it is, in which tenant and cloud, and a source of tokens for Graph, the
    /// Business Central Admin Center and BC APIs. Holds no token value that callers can read.
    /// </summary>
    public sealed class S2SSession : IDisposable
    {
        private readonly IAccessTokenSource _tokens;
        private readonly TokenReuse _reuse = new TokenReuse();
        private readonly S2SHttpClientFactory _http;
        private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        private readonly S2SSession? _home;
        private readonly TenantIds _tenantIds;
        private readonly ConcurrentDictionary<string, S2SSession> _otherTenants = new ConcurrentDictionary<string, S2SSession>(StringComparer.OrdinalIgnoreCase);
        private readonly AppSessionCache _appSessions = new AppSessionCache();

        internal S2SSession(SignInRequest request, IAccessTokenSource tokens, S2SHttpClientFactory http, AccessToken first)
        {
            _tokens = tokens;
            _http = http;
            Cloud = request.Cloud;
            _mode = request.Mode;
            RequestedTenant = request.Tenant;
            var claims = first.Claims;
            TenantId = claims?.TenantId ?? request.Tenant ?? string.Empty;
            ClientId = request.ClientId ?? claims?.AppId;
            IsAppOnly = claims?.IsAppOnly ?? request.Mode >= SignInMode.ClientSecret;
            Account = (IsAppOnly ? claims?.AppId : claims?.UserPrincipalName) ?? ClientId ?? "unknown";
            AccountType = !IsAppOnly ? "User" : request.Mode == SignInMode.ManagedIdentity ? "ManagedIdentity" : "ServicePrincipal";
            _tenantIds = new TenantIds(Cloud, tokens, () => Http);
            Remember(first);
        }

        /// <summary>The same operator acting in another tenant: shares the sign-in, the HTTP chain and the cache of its home session.</summary>
        private S2SSession(S2SSession home, string tenantId, IAccessTokenSource tokens)
        {
            _home = home;
            _tokens = tokens;
            _http = home._http;
            _tenantIds = home._tenantIds;
            Cloud = home.Cloud;
            _mode = home._mode;
            RequestedTenant = tenantId;
            TenantId = tenantId;
            ClientId = home.ClientId;
            IsAppOnly = home.IsAppOnly;
            Account = home.Account;
            AccountType = home.AccountType;
        }

        public CloudEndpoints Cloud { get; }
        /// <summary>How the operator signed in: DeviceCode also when an interactive sign-in fell back to a device code.</summary>
        public SignInMode Mode => _mode == SignInMode.Interactive && (_home?._tokens ?? _tokens) is PublicClientTokenSource { UsesDeviceCode: true } ? SignInMode.DeviceCode : _mode;

        private readonly SignInMode _mode;
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
            var token = await _reuse.GetAsync(resource, _tokens.GetTokenAsync, cancellationToken).ConfigureAwait(false);
            Remember(token);
            return token;
        }

        private void Remember(AccessToken token) => _expiries[token.Resource] = token.ExpiresOn;

        /// <summary>
        /// This operator acting in <paramref name="tenant"/> (GUID or domain): this session for its own tenant,
        /// else one view per tenant for the rest of the connection, whose tokens come from the tenant's own
        /// authority without a second sign-in. Fails for an identity that can only act in its own tenant.
        /// </summary>
        /// <param name="firstResource">The resource whose token the caller needs first there, if any: a tenant named by a
        /// domain is then told by that token instead of a lookup before it (<see cref="TenantIds"/>).</param>
        public async Task<S2SSession> ForTenantAsync(string? tenant, CancellationToken cancellationToken, string? firstResource = null)
        {
            var home = _home ?? this;
            if (string.IsNullOrWhiteSpace(tenant) || home.IsOwnTenant(tenant!)) return home;
            var tenantId = await home._tenantIds.ResolveAsync(tenant!, firstResource, cancellationToken).ConfigureAwait(false);
            var firstToken = home._tenantIds.TakeFirstToken(tenantId);
            var session = home.IsOwnTenant(tenantId) ? home : home._otherTenants.GetOrAdd(tenantId, id =>
            {
                var tokens = home._tokens.ForTenant(id) ?? throw new S2SException(S2SErrors.TenantNotReachable, $"The connection ({home.AccountType} {home.Account}) can only act in its own tenant {home.TenantId}, not in tenant {tenant}.", tenant,
                    $"Connect-ALOpsS2S as a person with delegated admin (GDAP) or guest access to that tenant, or as a multi-tenant app consented there; or pass {UserInput.Connection} with a connection to that tenant.");
                return new S2SSession(home, id, tokens);
            });
            if (firstToken != null) session._reuse.Offer(firstToken);
            return session;
        }

        internal bool IsOwnTenant(string tenant)
            => string.Equals(tenant, TenantId, StringComparison.OrdinalIgnoreCase) || string.Equals(tenant, RequestedTenant, StringComparison.OrdinalIgnoreCase);

        /// <summary>Ends the connection; views of other tenants share the home session's HTTP chain and end with it.</summary>
        /// <summary>
        /// The S2S apps' own sign-ins made while this operator works (Register, Test): shared by the commands of one
        /// pipeline, each ended when the last command holding it ends. Views of other tenants share the home session's.
        /// </summary>
        public AppSessionCache AppSessions => (_home ?? this)._appSessions;

        public void Dispose()
        {
            if (_home == null) _http.Dispose();
        }
    }
}
