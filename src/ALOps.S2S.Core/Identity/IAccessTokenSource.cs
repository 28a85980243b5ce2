using System.Threading;
using System.Threading.Tasks;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>Gets access tokens for the operator identity, from cache when it can.</summary>
    internal interface IAccessTokenSource
    {
        Task<AccessToken> GetTokenAsync(string resource, CancellationToken cancellationToken);
    }
}
