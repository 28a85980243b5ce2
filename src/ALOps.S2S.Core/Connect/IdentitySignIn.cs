using System;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Connect
{
    /// <summary>Signs the operator in and proves it by getting a first token; nothing is kept when that fails.</summary>
    public static class IdentitySignIn
    {
        /// <param name="firstResource">The resource of the proving token: Graph for an operator; Business Central for an app that only calls BC.</param>
        public static async Task<S2SSession> ConnectAsync(SignInRequest request, CancellationToken cancellationToken, RetryPolicy? retryPolicy = null, string? firstResource = null)
        {
            ValidateCertificate(request.Certificate);
            var http = new S2SHttpClientFactory(retryPolicy);
            try
            {
                if (request.Tenant != null && (request.Mode == SignInMode.Interactive || request.Mode == SignInMode.DeviceCode))
                {
                    // A person's tokens are cached per tenant GUID: sign in there, so every later token comes silently.
                    var tenantId = await TenantResolver.ResolveAsync(request.Cloud, request.Tenant, http.GetHttpClient(), cancellationToken).ConfigureAwait(false);
                    request = request.WithAuthorityTenant(tenantId);
                }
                var source = CreateSource(request, http, out var defaultResource);
                var log = S2SLogScope.Current;
                log.Verbose($"Signing in to tenant '{request.Tenant ?? "(from the identity)"}' ({request.Mode}, cloud {request.Cloud.Name}).");
                var first = await source.GetTokenAsync(firstResource ?? defaultResource, cancellationToken).ConfigureAwait(false);
                CheckTenant(request, first);
                var session = new S2SSession(request, source, http, first);
                log.Verbose($"Signed in as {session.Account} ({session.AccountType}) in tenant {session.TenantId}.");
                return session;
            }
            catch
            {
                http.Dispose();
                throw;
            }
        }

        private static IAccessTokenSource CreateSource(SignInRequest request, S2SHttpClientFactory http, out string firstResource)
        {
            firstResource = CloudEndpoints.GraphResource;
            switch (request.Mode)
            {
                case SignInMode.Interactive:
                case SignInMode.DeviceCode:
                    return new PublicClientTokenSource(request, http);
                case SignInMode.ClientSecret:
                case SignInMode.Certificate:
                case SignInMode.FederatedToken:
                    return new ConfidentialClientTokenSource(request, http);
                case SignInMode.ManagedIdentity:
                    return new ManagedIdentityTokenSource(request, http);
                case SignInMode.AccessToken:
                    var tokens = new StaticTokenSource();
                    if (request.BusinessCentralAccessToken != null)
                    {
                        tokens.Add(ReadGivenToken(request.BusinessCentralAccessToken, CloudEndpoints.BusinessCentralResource, "BusinessCentralAccessToken", CloudEndpoints.BusinessCentralAppId));
                        firstResource = CloudEndpoints.BusinessCentralResource;
                    }
                    if (request.GraphAccessToken != null)
                    {
                        tokens.Add(ReadGivenToken(request.GraphAccessToken, CloudEndpoints.GraphResource, "GraphAccessToken", CloudEndpoints.GraphAppId));
                        firstResource = CloudEndpoints.GraphResource;
                    }
                    return tokens;
                default:
                    throw new ArgumentOutOfRangeException(nameof(request), request.Mode, null);
            }
        }

        private static AccessToken ReadGivenToken(System.Security.SecureString secure, string resource, string parameter, string resourceAppId)
        {
            var value = SecureStrings.Reveal(secure).Trim();
            if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) value = value.Substring(7).Trim();
            var claims = JwtClaims.TryParse(value);
            if (claims == null || claims.ExpiresOn == null)
                throw new S2SException(S2SErrors.InvalidAccessToken, $"-{parameter} is not a JSON web token.", parameter,
                    $"Pass the access_token value, e.g. (az account get-access-token --resource {resource} --query accessToken -o tsv | ConvertTo-SecureString -AsPlainText).");
            var audience = claims.Audience?.TrimEnd('/');
            if (!string.Equals(audience, resource, StringComparison.OrdinalIgnoreCase) && !string.Equals(audience, resourceAppId, StringComparison.OrdinalIgnoreCase))
                throw new S2SException(S2SErrors.AccessTokenAudienceMismatch, $"-{parameter} is a token for '{claims.Audience}', not for {resource}.", parameter,
                    $"Get a token for the resource {resource}.");
            if (claims.ExpiresOn <= DateTimeOffset.UtcNow)
                throw new S2SException(S2SErrors.AccessTokenExpired, $"-{parameter} expired at {claims.ExpiresOn:u}.", parameter, "Get a fresh token and connect again.");
            return new AccessToken(value, resource, claims.ExpiresOn.Value);
        }

        private static void CheckTenant(SignInRequest request, AccessToken first)
        {
            var tid = first.Claims?.TenantId;
            if (request.Mode == SignInMode.AccessToken && request.Tenant != null && Guid.TryParse(request.Tenant, out _) && tid != null
                && !string.Equals(tid, request.Tenant, StringComparison.OrdinalIgnoreCase))
                throw new S2SException(S2SErrors.TenantMismatch, $"The access token is for tenant {tid}, not {request.Tenant}.", request.Tenant,
                    "Get the token for the tenant you want to set up, or omit -TenantId.");
        }

        private static void ValidateCertificate(X509Certificate2? certificate)
        {
            if (certificate == null) return;
            var subject = certificate.Subject + " (" + certificate.Thumbprint + ")";
            if (!certificate.HasPrivateKey)
                throw new S2SException(S2SErrors.CertificateWithoutPrivateKey, $"The certificate {subject} has no private key, so it cannot sign in.", certificate.Thumbprint,
                    "Use the certificate with its private key: from the store where it was created, or a PFX file with its password.");
            var now = DateTime.Now;
            if (certificate.NotAfter < now)
                throw new S2SException(S2SErrors.CertificateExpired, $"The certificate {subject} expired on {certificate.NotAfter:u}.", certificate.Thumbprint,
                    "Create a new certificate (New-ALOpsS2SApp -CredentialType Certificate) and register it on the app.");
            if (certificate.NotBefore > now)
                throw new S2SException(S2SErrors.CertificateNotYetValid, $"The certificate {subject} is valid only from {certificate.NotBefore:u}.", certificate.Thumbprint,
                    "Use a certificate that is valid now, or check the machine clock.");
        }
    }
}
