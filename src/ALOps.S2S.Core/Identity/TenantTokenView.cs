using System;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>An identity acting in one other tenant: every token comes from that tenant's authority.</summary>
    internal sealed class TenantTokenView : IAccessTokenSource
    {
        private readonly string _tenantId;
        private readonly Func<string, string, CancellationToken, Task<AccessToken>> _tokenInTenant;
        private readonly Func<string, IAccessTokenSource?> _forTenant;

        /// <param name="tokenInTenant">The identity's token for (tenant, resource).</param>
        /// <param name="forTenant">The identity's view of yet another tenant.</param>
        public TenantTokenView(string tenantId, Func<string, string, CancellationToken, Task<AccessToken>> tokenInTenant, Func<string, IAccessTokenSource?> forTenant)
        {
            _tenantId = tenantId;
            _tokenInTenant = tokenInTenant;
            _forTenant = forTenant;
        }

        public Task<AccessToken> GetTokenAsync(string resource, CancellationToken cancellationToken) => _tokenInTenant(_tenantId, resource, cancellationToken);

        public IAccessTokenSource? ForTenant(string tenantId) => _forTenant(tenantId);
    }
}
