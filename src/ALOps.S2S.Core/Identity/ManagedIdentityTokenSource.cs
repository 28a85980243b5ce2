using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>
    /// The managed identity of the machine or automation account. MSAL finds the endpoint from the environment
    /// (IDENTITY_ENDPOINT/IDENTITY_HEADER in Azure Automation and App Service, IMDS on VMs).
    /// </summary>
    internal sealed class ManagedIdentityTokenSource : IAccessTokenSource
    {
        private readonly IManagedIdentityApplication _app;
        private readonly EntraErrors.Context _context;

        public ManagedIdentityTokenSource(SignInRequest request, S2SHttpClientFactory http)
        {
            var id = request.ClientId == null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.WithUserAssignedClientId(request.ClientId);
            _app = MsalSetup.Configure(ManagedIdentityApplicationBuilder.Create(id), http).Build();
            _context = new EntraErrors.Context { Tenant = request.Tenant, ClientId = request.ClientId };
        }

        public IAccessTokenSource? ForTenant(string tenantId) => null;

        public async Task<AccessToken> GetTokenAsync(string resource, CancellationToken cancellationToken)
        {
            try
            {
                var result = await _app.AcquireTokenForManagedIdentity(resource).ExecuteAsync(cancellationToken).ConfigureAwait(false);
                return new AccessToken(result.AccessToken, resource, result.ExpiresOn);
            }
            catch (MsalException ex) when (EntraErrors.IsManagedIdentityUnavailable(ex))
            {
                throw EntraErrors.ManagedIdentityUnavailable(ex);
            }
            catch (Exception ex) when (!(ex is S2SException))
            {
                throw EntraErrors.FromSignIn(ex, _context.For(resource));
            }
        }
    }
}
