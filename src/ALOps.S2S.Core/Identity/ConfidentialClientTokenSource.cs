using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Identity.Client;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Http;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>An app signs in with its own credential: a client secret, a certificate, or a federated token.</summary>
    internal sealed class ConfidentialClientTokenSource : IAccessTokenSource
    {
        private readonly IConfidentialClientApplication _app;
        private readonly SignInFailureTranslator.Context _context;

        public ConfidentialClientTokenSource(OperatorSignInRequest request, S2SHttpClientFactory http)
        {
            var tenant = request.Tenant ?? throw new ArgumentException("A tenant is required for an app sign-in.", nameof(request));
            var clientId = request.ClientId ?? throw new ArgumentException("A client id is required for an app sign-in.", nameof(request));
            _context = new SignInFailureTranslator.Context { Tenant = tenant, ClientId = clientId };

            var builder = ConfidentialClientApplicationBuilder.Create(clientId).WithClientName("ALOps.S2S");
            switch (request.Mode)
            {
                case OperatorMode.ClientSecret:
                    var secret = request.ClientSecret ?? throw new ArgumentException("A client secret is required.", nameof(request));
                    _context.SecretLooksLikeGuid = SecureStrings.LooksLikeGuid(secret);
                    builder = builder.WithClientSecret(SecureStrings.Reveal(secret));
                    break;
                case OperatorMode.Certificate:
                    builder = builder.WithCertificate(request.Certificate ?? throw new ArgumentException("A certificate is required.", nameof(request)));
                    break;
                case OperatorMode.FederatedToken:
                    var federated = request.FederatedToken ?? throw new ArgumentException("A federated token is required.", nameof(request));
                    builder = builder.WithClientAssertion(() => SecureStrings.Reveal(federated));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(request), request.Mode, "Not an app credential.");
            }
            _app = MsalSetup.WithTenantAuthority(MsalSetup.Configure(builder, http), request.Cloud, tenant).Build();
        }

        public async Task<AccessToken> GetTokenAsync(string resource, CancellationToken cancellationToken)
        {
            try
            {
                var result = await _app.AcquireTokenForClient(new[] { CloudEndpoints.ScopeFor(resource) })
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
                return new AccessToken(result.AccessToken, resource, result.ExpiresOn);
            }
            catch (Exception ex) when (!(ex is S2SException))
            {
                _context.Resource = resource;
                throw SignInFailureTranslator.Translate(ex, _context);
            }
        }
    }
}
