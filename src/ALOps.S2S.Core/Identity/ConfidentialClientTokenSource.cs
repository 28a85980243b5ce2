using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Identity.Client;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>An app signs in with its own credential: a client secret, a certificate, or a federated token.</summary>
    internal sealed class ConfidentialClientTokenSource : IAccessTokenSource
    {
        private readonly IConfidentialClientApplication _app;
        private readonly EntraErrors.Context _context;

        public ConfidentialClientTokenSource(SignInRequest request, S2SHttpClientFactory http)
        {
            var tenant = request.Tenant ?? throw new ArgumentException("A tenant is required for an app sign-in.", nameof(request));
            var clientId = request.ClientId ?? throw new ArgumentException("A client id is required for an app sign-in.", nameof(request));
            _context = new EntraErrors.Context { Tenant = tenant, ClientId = clientId };

            var builder = ConfidentialClientApplicationBuilder.Create(clientId).WithClientName("ALOps.S2S");
            switch (request.Mode)
            {
                case SignInMode.ClientSecret:
                    var secret = request.ClientSecret ?? throw new ArgumentException("A client secret is required.", nameof(request));
                    _context.SecretLooksLikeGuid = SecureStrings.LooksLikeGuid(secret);
                    builder = builder.WithClientSecret(SecureStrings.Reveal(secret));
                    break;
                case SignInMode.Certificate:
                    builder = builder.WithCertificate(request.Certificate ?? throw new ArgumentException("A certificate is required.", nameof(request)));
                    break;
                case SignInMode.FederatedToken:
                    var federated = request.FederatedToken ?? throw new ArgumentException("A federated token is required.", nameof(request));
                    builder = builder.WithClientAssertion(() => SecureStrings.Reveal(federated));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(request), request.Mode, "Not an app credential.");
            }
            _app = MsalSetup.WithTenantAuthority(MsalSetup.Configure(builder, http), request.Cloud, tenant).Build();
        }

        public Task<AccessToken> GetTokenAsync(string resource, CancellationToken cancellationToken)
            => GetTokenAsync(null, resource, cancellationToken);

        /// <summary>A multi-tenant app acts in every tenant that consented to it, through that tenant's authority.</summary>
        public IAccessTokenSource? ForTenant(string tenantId) => new TenantTokenView(tenantId, (tenant, resource, ct) => GetTokenAsync(tenant, resource, ct), ForTenant);

        private async Task<AccessToken> GetTokenAsync(string? tenantId, string resource, CancellationToken cancellationToken)
        {
            try
            {
                var acquire = _app.AcquireTokenForClient(new[] { CloudEndpoints.ScopeFor(resource) });
                if (tenantId != null) acquire = acquire.WithTenantId(tenantId);
                var result = await acquire.ExecuteAsync(cancellationToken).ConfigureAwait(false);
                return new AccessToken(result.AccessToken, resource, result.ExpiresOn);
            }
            catch (Exception ex) when (!(ex is S2SException))
            {
                var context = _context.For(resource, tenantId);
                throw EntraErrors.FromSignIn(ex, context);
            }
        }
    }
}
