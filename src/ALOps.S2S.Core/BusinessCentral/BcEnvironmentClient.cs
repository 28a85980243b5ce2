using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Session;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>
    /// The standard and automation APIs of one environment, as one identity (the operator, or the app itself),
    /// on the tenant form of the URL: /v2.0/{tenant}/{environment}/api/...
    /// </summary>
    public sealed class BcEnvironmentClient
    {
        public const string Unauthorized = "S2S.BcUnauthorized";
        public const string Forbidden = "S2S.BcForbidden";

        private readonly BearerJsonClient _client;
        private readonly Uri _api;
        private readonly string _environment;

        public BcEnvironmentClient(S2SSession identity, string tenantId, string environment)
        {
            _client = new BearerJsonClient(identity.Http, ct => identity.GetTokenAsync(CloudEndpoints.BusinessCentralResource, ct));
            _api = new Uri(identity.Cloud.BusinessCentralEndpoint, $"v2.0/{Uri.EscapeDataString(tenantId)}/{Uri.EscapeDataString(environment)}/api/");
            _environment = environment;
        }

        /// <summary>The standard API's companies: the S2S smoke test.</summary>
        public async Task<IReadOnlyList<BcCompany>> GetCompaniesAsync(CancellationToken ct)
            => Companies(await Send(HttpMethod.Get, "v2.0/companies", null, "list companies", ct).ConfigureAwait(false));

        public async Task<IReadOnlyList<BcCompany>> GetAutomationCompaniesAsync(CancellationToken ct)
            => Companies(await Send(HttpMethod.Get, "microsoft/automation/v2.0/companies", null, "list companies (automation API)", ct).ConfigureAwait(false));

        public async Task<IReadOnlyList<BcUser>> GetUsersAsync(string companyId, CancellationToken ct)
        {
            var body = await Send(HttpMethod.Get, $"microsoft/automation/v2.0/companies({companyId})/users", null, "list users", ct).ConfigureAwait(false);
            return BcJson.Items(body).Select(u => new BcUser(
                BcJson.Read(u, "userSecurityId") ?? string.Empty,
                BcJson.Read(u, "userName") ?? string.Empty,
                BcJson.Read(u, "displayName"),
                BcJson.Read(u, "state"))).ToList();
        }

        public async Task<IReadOnlyList<string>> GetUserPermissionSetsAsync(string companyId, string userSecurityId, CancellationToken ct)
        {
            var body = await Send(HttpMethod.Get, $"microsoft/automation/v2.0/companies({companyId})/users({userSecurityId})/userPermissions", null, "list the user's permission sets", ct).ConfigureAwait(false);
            return BcJson.Items(body).Select(p => BcJson.Read(p, "roleId")).Where(r => r != null).Select(r => r!).ToList();
        }

        public async Task<IReadOnlyList<string>> GetPermissionSetIdsAsync(string companyId, CancellationToken ct)
        {
            var body = await Send(HttpMethod.Get, $"microsoft/automation/v2.0/companies({companyId})/permissionSets", null, "list permission sets", ct).ConfigureAwait(false);
            return BcJson.Items(body).Select(p => BcJson.Read(p, "id")).Where(r => r != null).Select(r => r!).ToList();
        }

        public Task AddUserPermissionSetAsync(string companyId, string userSecurityId, string roleId, CancellationToken ct)
            => Send(HttpMethod.Post, $"microsoft/automation/v2.0/companies({companyId})/users({userSecurityId})/userPermissions", new { roleId }, $"assign permission set {roleId}", ct);

        public async Task<int> CountExtensionsAsync(string companyId, CancellationToken ct)
            => BcJson.Items(await Send(HttpMethod.Get, $"microsoft/automation/v2.0/companies({companyId})/extensions", null, "list extensions", ct).ConfigureAwait(false)).Count();

        private async Task<JsonElement?> Send(HttpMethod method, string path, object? body, string doing, CancellationToken ct)
        {
            var answer = await _client.SendAsync(method, new Uri(_api, path), body, ct).ConfigureAwait(false);
            if (answer.IsSuccess) return answer.Body;
            var error = BcErrorBody.From(answer.Body);
            var code = error.Code ?? "HTTP" + answer.Status;
            switch (answer.Status)
            {
                case 401:
                    throw new S2SException(Unauthorized, S2SErrorKind.AuthenticationError,
                        $"Business Central environment '{_environment}' rejected the credentials when asked to {doing} ({code}).", _environment,
                        "Register the app on the environment's Microsoft Entra Applications page with State Enabled (Register-ALOpsBcClient tells how).", code, error.CorrelationId);
                case 403:
                    throw new S2SException(Forbidden, S2SErrorKind.PermissionDenied,
                        $"Business Central environment '{_environment}' refused to {doing}: {error.Message ?? "permission denied"} ({code}).", _environment,
                        "Assign the needed permission sets to the app in the environment (D365 AUTOMATION, EXTEN. MGT. - ADMIN).", code, error.CorrelationId);
                case 404:
                    throw new S2SException("S2S.BcNotFound", S2SErrorKind.ObjectNotFound,
                        $"Business Central environment '{_environment}' found nothing to {doing}: {error.Message ?? "not found"} ({code}).", _environment,
                        "Check the environment name and that it is Active in the admin center.", code, error.CorrelationId);
                default:
                    throw new S2SException("S2S.BcRequestFailed", S2SErrorKind.InvalidOperation,
                        $"Business Central environment '{_environment}' could not {doing}: {error.Message ?? "HTTP " + answer.Status} ({code}).", _environment,
                        "Try again; if it persists, the correlation id helps Microsoft support.", code, error.CorrelationId);
            }
        }

        private static IReadOnlyList<BcCompany> Companies(JsonElement? body)
            => BcJson.Items(body).Select(c => new BcCompany(BcJson.Read(c, "id") ?? string.Empty, BcJson.Read(c, "name") ?? string.Empty)).ToList();
    }

    public sealed class BcCompany
    {
        public BcCompany(string id, string name)
        {
            Id = id;
            Name = name;
        }

        public string Id { get; }
        public string Name { get; }
    }

    public sealed class BcUser
    {
        public BcUser(string userSecurityId, string userName, string? displayName, string? state)
        {
            UserSecurityId = userSecurityId;
            UserName = userName;
            DisplayName = displayName;
            State = state;
        }

        public string UserSecurityId { get; }
        public string UserName { get; }
        public string? DisplayName { get; }
        public string? State { get; }
    }
}
