using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>The Business Central Admin Center API (authorized Entra apps, environments) as the operator.</summary>
    public sealed class AdminCenterClient
    {
        public const string ApplicationFamily = "BusinessCentral";
        public static readonly string BcAdminRoleNames = "Dynamics 365 Business Central Administrator, Dynamics 365 Administrator or Global Administrator";

        private readonly S2SSession _session;
        private readonly BearerJsonClient _client;

        public AdminCenterClient(S2SSession session)
        {
            _session = session;
            _client = new BearerJsonClient(session.Http, ct => session.GetTokenAsync(CloudEndpoints.BusinessCentralResource, ct));
        }

        public async Task<IReadOnlyList<AuthorizedApp>> GetAuthorizedAppsAsync(CancellationToken ct)
        {
            var answer = await SendAsync(HttpMethod.Get, "authorizedAadApps", ct).ConfigureAwait(false);
            EnsureSuccess(answer, "list the authorized Microsoft Entra apps", _session.TenantId);
            // Documented as a bare array; accept the {"value": [...]} wrapper the other collections use.
            return BcJson.Items(answer.Body).Select(e => new AuthorizedApp(BcJson.Read(e, "appId") ?? string.Empty, e.TryGetProperty("isAdminConsentGranted", out var c) && c.ValueKind == JsonValueKind.True)).ToList();
        }

        public async Task AuthorizeAppAsync(string clientId, CancellationToken ct)
        {
            var answer = await SendAsync(HttpMethod.Put, "authorizedAadApps/" + Uri.EscapeDataString(clientId), ct).ConfigureAwait(false);
            EnsureSuccess(answer, "authorize the app in the Business Central admin center", clientId);
        }

        /// <summary>Removes the app from Authorized Microsoft Entra apps (204 also when it was not listed).</summary>
        public async Task RemoveAppAsync(string clientId, CancellationToken ct)
        {
            var answer = await SendAsync(HttpMethod.Delete, "authorizedAadApps/" + Uri.EscapeDataString(clientId), ct).ConfigureAwait(false);
            if (answer.Status == 404) return; // not listed: the end state asked for
            EnsureSuccess(answer, "remove the app from the Business Central admin center", clientId);
        }

        public async Task<IReadOnlyList<BcEnvironment>> GetEnvironmentsAsync(CancellationToken ct)
        {
            var answer = await SendAsync(HttpMethod.Get, $"applications/{ApplicationFamily}/environments", ct).ConfigureAwait(false);
            EnsureSuccess(answer, "list the Business Central environments", _session.TenantId);
            return BcJson.Items(answer.Body).Select(e => new BcEnvironment
            {
                Name = BcJson.Read(e, "name") ?? string.Empty,
                FriendlyName = BcJson.Read(e, "friendlyName"),
                Type = BcJson.Read(e, "type"),
                Status = BcJson.Read(e, "status"),
                ApplicationFamily = BcJson.Read(e, "applicationFamily"),
                AadTenantId = BcJson.Read(e, "aadTenantId"),
                WebClientLoginUrl = BcJson.Read(e, "webClientLoginUrl"),
            }).Where(e => e.Name.Length > 0).ToList();
        }

        /// <summary>
        /// Sends on this connection's API version; a service that refuses it gets the call once more on
        /// <see cref="AdminCenterApiVersion.Lowest"/>, which the connection keeps. The debug stream says which version answered.
        /// </summary>
        private async Task<JsonAnswer> SendAsync(HttpMethod method, string relativePath, CancellationToken ct)
        {
            var log = S2SLogScope.Current;
            var version = AdminCenterApiVersion.For(_session);
            var answer = await _client.SendAsync(method, AdminUri(version, relativePath), null, ct).ConfigureAwait(false);
            if (version != AdminCenterApiVersion.Lowest && AdminCenterApiVersion.IsUnsupportedVersion(answer))
            {
                log.Debug($"Business Central admin center: API {version} is not supported by {_session.Cloud.BusinessCentralEndpoint.Authority} ({AdminCenterApiVersion.Reason(answer)}); using {AdminCenterApiVersion.Lowest} from now on.");
                AdminCenterApiVersion.FallBack(_session);
                version = AdminCenterApiVersion.Lowest;
                answer = await _client.SendAsync(method, AdminUri(version, relativePath), null, ct).ConfigureAwait(false);
            }
            log.Debug($"Business Central admin center API {version} answered {method} {relativePath}: HTTP {answer.Status}.");
            return answer;
        }

        private Uri AdminUri(string version, string relativePath) => new Uri(_session.Cloud.BusinessCentralEndpoint, $"admin/{version}/{relativePath}");

        private void EnsureSuccess(JsonAnswer answer, string doing, string target)
        {
            if (!answer.IsSuccess) throw AdminCenterErrors.From(answer, doing, _session.Account, target);
        }
    }

    /// <summary>An app listed under "Authorized Microsoft Entra apps".</summary>
    public sealed class AuthorizedApp
    {
        public AuthorizedApp(string appId, bool isAdminConsentGranted)
        {
            AppId = appId;
            IsAdminConsentGranted = isAdminConsentGranted;
        }

        public string AppId { get; }
        public bool IsAdminConsentGranted { get; }
    }
}
