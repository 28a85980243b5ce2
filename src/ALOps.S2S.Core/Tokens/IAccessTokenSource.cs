using System.Threading;
using System.Threading.Tasks;

namespace ALOps.S2S.Core.Tokens
{
    /// <summary>Gets access tokens for the operator identity, from cache when it can.</summary>
    internal interface IAccessTokenSource
    {
        Task<AccessToken> GetTokenAsync(string resource, CancellationToken cancellationToken);

        /// <summary>
        /// The same identity acting in another tenant (tenant-specific authority, same account or app), or null
        /// when this identity can only act in its own tenant.
        /// </summary>
        IAccessTokenSource? ForTenant(string tenantId);
    }
}
