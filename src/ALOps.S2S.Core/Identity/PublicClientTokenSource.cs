using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Identity.Client;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>
    /// A person signs in once (browser or device code); every later token, for any resource, comes silently from
    /// MSAL's in-memory cache and refresh token.
    /// </summary>
    internal sealed class PublicClientTokenSource : IAccessTokenSource
    {
        private readonly IPublicClientApplication _app;
        private readonly string _tenant;
        private readonly string _clientId;
        private bool _useDeviceCode;

        /// <summary>The person signed in (or will) with a device code: asked for, or the fallback when no browser could open.</summary>
        internal bool UsesDeviceCode => _useDeviceCode;
        private IAccount? _account;
        // Silent calls go to the tenant GUID: with a domain authority MSAL cannot match cached tokens to it.
        private string? _tenantId;

        public PublicClientTokenSource(SignInRequest request, S2SHttpClientFactory http)
        {
            _tenant = request.AuthorityTenant ?? request.Tenant ?? "organizations";
            _clientId = request.ClientId ?? SignInRequest.DefaultPublicClientId;
            _useDeviceCode = request.Mode == SignInMode.DeviceCode;
            // No ADAL-format copy of each token: the cache lives in this process only and no ADAL app reads it; writing
            // it parses each answer's id token once more (a partner's onboarding gets two hundred such answers at once).
            var builder = PublicClientApplicationBuilder.Create(_clientId)
                .WithClientName("ALOps.S2S")
                .WithRedirectUri("http://localhost")
                .WithLegacyCacheCompatibility(false);
            _app = MsalSetup.WithTenantAuthority(MsalSetup.Configure(builder, http), request.Cloud, _tenant).Build();
        }

        public async Task<AccessToken> GetTokenAsync(string resource, CancellationToken cancellationToken)
        {
            var scopes = new[] { CloudEndpoints.ScopeFor(resource) };
            var context = new EntraErrors.Context { Tenant = _tenant, ClientId = null, Resource = resource };
            try
            {
                var result = _account != null
                    ? await Silent(scopes, resource, cancellationToken).ConfigureAwait(false)
                    : await SignIn(scopes, cancellationToken).ConfigureAwait(false);
                _account = result.Account ?? _account;
                _tenantId ??= result.TenantId;
                return new AccessToken(result.AccessToken, resource, result.ExpiresOn);
            }
            catch (Exception ex) when (!(ex is S2SException))
            {
                throw EntraErrors.FromSignIn(ex, context);
            }
        }

        private async Task<AuthenticationResult> Silent(string[] scopes, string resource, CancellationToken cancellationToken)
        {
            try
            {
                var silent = _app.AcquireTokenSilent(scopes, _account);
                if (_tenantId != null) silent = silent.WithTenantId(_tenantId);
                return await silent.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (MsalUiRequiredException ex)
            {
                throw EntraErrors.ReauthenticationRequired(ex, _account?.Username, resource);
            }
        }

        /// <summary>
        /// The signed-in person acting in another tenant (a customer's, as a guest or delegated admin): MSAL redeems
        /// the same account's refresh token at that tenant's authority, so no second sign-in is needed.
        /// </summary>
        public IAccessTokenSource? ForTenant(string tenantId) => new TenantTokenView(tenantId, GetTokenInAsync, ForTenant);

        private async Task<AccessToken> GetTokenInAsync(string tenantId, string resource, CancellationToken cancellationToken)
        {
            if (_account == null)
                throw new S2SException(S2SErrors.NotConnected, "No person is signed in yet.", tenantId, "Run Connect-ALOpsS2S first.");
            try
            {
                var result = await _app.AcquireTokenSilent(new[] { CloudEndpoints.ScopeFor(resource) }, _account)
                    .WithTenantId(tenantId).ExecuteAsync(cancellationToken).ConfigureAwait(false);
                return new AccessToken(result.AccessToken, resource, result.ExpiresOn);
            }
            catch (Exception ex) when (!(ex is S2SException))
            {
                throw EntraErrors.FromOtherTenant(ex, new EntraErrors.Context { Tenant = tenantId, Resource = resource }, _account.Username);
            }
        }

        private async Task<AuthenticationResult> SignIn(string[] scopes, CancellationToken cancellationToken)
        {
            if (!_useDeviceCode && !BrowserAvailable())
            {
                S2SLogScope.Current.Warning("No web browser is available on this machine; signing in with a device code instead.");
                _useDeviceCode = true;
            }
            if (_useDeviceCode)
            {
                var log = S2SLogScope.Current;
                return await _app.AcquireTokenWithDeviceCode(scopes, code =>
                {
                    log.Warning(code.Message);
                    return Task.CompletedTask;
                }).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
            try
            {
                return await _app.AcquireTokenInteractive(scopes)
                    .WithUseEmbeddedWebView(false)
                    .WithPrompt(Prompt.SelectAccount)
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (MsalClientException ex) when (ex.ErrorCode != MsalError.AuthenticationCanceledError)
            {
                // No usable browser after all (a headless session, no default browser): a device code works anywhere.
                S2SLogScope.Current.Warning($"The browser sign-in could not start ({ex.ErrorCode}); signing in with a device code instead.");
                _useDeviceCode = true;
                return await SignIn(scopes, cancellationToken).ConfigureAwait(false);
            }
        }

        private static bool BrowserAvailable()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return Environment.UserInteractive;
            return new[] { "DISPLAY", "WAYLAND_DISPLAY" }.Any(name => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)));
        }
    }
}
