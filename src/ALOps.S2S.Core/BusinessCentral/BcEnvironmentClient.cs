using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>
    /// The standard and automation APIs of one environment, as one identity (the operator, or the app itself),
    /// on the tenant form of the URL: /v2.0/{tenant}/{environment}/api/...
    /// </summary>
    public sealed class BcEnvironmentClient
    {

        private readonly BearerJsonClient _client;
        private readonly Uri _api;
        private readonly string _environment;

        public BcEnvironmentClient(S2SSession identity, string tenantId, string environment)
        {
            _client = new BearerJsonClient(identity.Http, ct => identity.GetTokenAsync(CloudEndpoints.BusinessCentralResource, ct));
            _api = new Uri(identity.Cloud.BusinessCentralEndpoint, $"v2.0/{Uri.EscapeDataString(tenantId)}/{Uri.EscapeDataString(environment)}/api/");
            _environment = environment;
        }

        private const string StandardRoot = "v2.0/";
        private const string AutomationRoot = "microsoft/automation/v2.0/";

        /// <summary>The standard API's companies: the S2S smoke test.</summary>
        public async Task<IReadOnlyList<BcCompany>> GetCompaniesAsync(CancellationToken ct)
            => Companies(await Get(StandardRoot + "companies", "list companies", ct).ConfigureAwait(false));

        public async Task<IReadOnlyList<BcCompany>> GetAutomationCompaniesAsync(CancellationToken ct)
            => Companies(await Get(AutomationRoot + "companies", "list companies (automation API)", ct).ConfigureAwait(false));

        public async Task<IReadOnlyList<BcUser>> GetUsersAsync(string companyId, CancellationToken ct)
            => Users(await Get(AutomationRoot + UsersPath(companyId), "list users", ct).ConfigureAwait(false));

        /// <summary>
        /// The users with their permission set ids in one request (<c>$expand=userPermissions</c>). Null when the
        /// service refuses the option; a user without <see cref="BcUser.PermissionSets"/> when it ignored it. Either
        /// way the caller reads the permissions of the user it wants on their own.
        /// </summary>
        public async Task<IReadOnlyList<BcUser>?> GetUsersWithPermissionSetsAsync(string companyId, CancellationToken ct)
        {
            var root = new Uri(_api, AutomationRoot);
            if (OptionalFeatures.Lacks("$expand", root)) return null;
            var answer = await _client.GetAsync(new Uri(root, UsersPath(companyId) + "?$expand=userPermissions"), ct).ConfigureAwait(false);
            if (!answer.IsSuccess && OptionalFeatures.MeansUnsupported(answer.Status))
            {
                S2SLogScope.Current.Verbose($"Environment '{_environment}' does not expand userPermissions (HTTP {answer.Status}); reading them on their own.");
                OptionalFeatures.MarkMissing("$expand", root);
                return null;
            }
            var users = Users(Success(answer, "list users with their permission sets"));
            // A service that ignores the option answers plain users: keep them, their permissions are read on their own.
            if (users.Any(u => u.PermissionSets == null)) OptionalFeatures.MarkMissing("$expand", root);
            return users;
        }

        public async Task<IReadOnlyList<string>> GetUserPermissionSetsAsync(string companyId, string userSecurityId, CancellationToken ct)
            => PermissionSetIds(await Get(AutomationRoot + $"companies({companyId})/users({userSecurityId})/userPermissions", "list the user's permission sets", ct).ConfigureAwait(false));

        public async Task<IReadOnlyList<string>> GetPermissionSetIdsAsync(string companyId, CancellationToken ct)
            => (await GetPermissionSetsAsync(companyId, ct).ConfigureAwait(false)).Select(p => p.RoleId).ToList();

        /// <summary>The permission sets: a role id is unique only with its app id and scope (a tenant copy shares a system set's id).</summary>
        public async Task<IReadOnlyList<BcPermissionSet>> GetPermissionSetsAsync(string companyId, CancellationToken ct)
        {
            var body = await Get(AutomationRoot + $"companies({companyId})/permissionSets", "list permission sets", ct).ConfigureAwait(false);
            return BcJson.Items(body)
                .Select(p => new BcPermissionSet(BcJson.Read(p, "id") ?? string.Empty, BcJson.Read(p, "appId") ?? BcJson.Read(p, "appID"), BcJson.Read(p, "scope")))
                .Where(p => p.RoleId.Length > 0).ToList();
        }

        /// <summary>Assigns a permission set (Company empty); <paramref name="set"/>'s app id and scope name it exactly when the role id alone is ambiguous.</summary>
        public async Task AddUserPermissionSetAsync(string companyId, string userSecurityId, string roleId, CancellationToken ct, BcPermissionSet? set = null)
        {
            object body = set == null ? (object)new { roleId } : new { roleId, appId = set.AppId, scope = set.Scope };
            var answer = await _client.SendAsync(HttpMethod.Post, new Uri(_api, AutomationRoot + $"companies({companyId})/users({userSecurityId})/userPermissions"), body, ct).ConfigureAwait(false);
            Success(answer, $"assign permission set {roleId}");
        }

        /// <summary>
        /// A company's users (with their permission sets where the service expands them) and extensions, in one $batch
        /// request where the service has $batch; each with its own outcome. When the expanded read fails, a plain read
        /// of the users decides, so the option never changes an outcome.
        /// </summary>
        public async Task<(BcOutcome<IReadOnlyList<BcUser>> Users, BcOutcome<int> Extensions)> ReadUsersAndExtensionsAsync(string companyId, CancellationToken ct)
        {
            var root = new Uri(_api, AutomationRoot);
            var expand = !OptionalFeatures.Lacks("$expand", root);
            var usersPath = UsersPath(companyId) + (expand ? "?$expand=userPermissions" : string.Empty);
            var reads = await ReadAllAsync(AutomationRoot, new[] { (usersPath, "list users"), (ExtensionsPath(companyId), "list extensions") }, ct).ConfigureAwait(false);
            var users = Map(reads[0], Users);
            if (expand && users.Error != null)
            {
                var plain = Map(await TryGet(AutomationRoot + UsersPath(companyId), "list users", ct).ConfigureAwait(false), Users);
                if (plain.Error == null)
                {
                    S2SLogScope.Current.Verbose($"Environment '{_environment}' does not expand userPermissions ({users.Error.ServiceErrorCode}); reading them on their own.");
                    OptionalFeatures.MarkMissing("$expand", root);
                }
                users = plain;
            }
            else if (expand && users.Value.Any(u => u.PermissionSets == null))
            {
                OptionalFeatures.MarkMissing("$expand", root);
            }
            return (users, Map(reads[1], body => BcJson.Items(body).Count()));
        }

        /// <summary>
        /// GETs of one API route, in one $batch request. A read the service throttled or could not answer is asked
        /// again on its own (where Retry-After is honoured); without $batch every read goes on its own.
        /// </summary>
        private async Task<IReadOnlyList<BcOutcome<JsonElement?>>> ReadAllAsync(string route, IReadOnlyList<(string Path, string Doing)> reads, CancellationToken ct)
        {
            var root = new Uri(_api, route);
            IReadOnlyList<ODataJsonBatch.InnerAnswer>? answers = null;
            if (reads.Count > 1 && reads.Count <= ODataJsonBatch.MaxOperations && !OptionalFeatures.Lacks("$batch", root))
            {
                var batch = await _client.SendAsync(HttpMethod.Post, new Uri(root, "$batch"), ODataJsonBatch.Reads(reads.Select(r => r.Path).ToList()), ct).ConfigureAwait(false);
                answers = ODataJsonBatch.Answers(batch.Body, reads.Count);
                if (answers == null && (batch.IsSuccess || OptionalFeatures.MeansUnsupported(batch.Status)))
                {
                    S2SLogScope.Current.Verbose($"Environment '{_environment}' has no $batch on {route} (HTTP {batch.Status}); sending the reads one by one.");
                    OptionalFeatures.MarkMissing("$batch", root);
                }
                else if (answers == null)
                {
                    var refused = Describe(batch, string.Join(" and ", reads.Select(r => r.Doing)));
                    return reads.Select(_ => new BcOutcome<JsonElement?>(refused)).ToList();
                }
            }
            var outcomes = new List<BcOutcome<JsonElement?>>();
            for (int i = 0; i < reads.Count; i++)
            {
                var answer = answers?[i];
                if (answer != null && !answer.IsTransient)
                {
                    outcomes.Add(answer.IsSuccess ? new BcOutcome<JsonElement?>(answer.Body) : new BcOutcome<JsonElement?>(Describe(answer.Status, answer.Body, reads[i].Doing)));
                    continue;
                }
                if (answer != null)
                    S2SLogScope.Current.Verbose($"Environment '{_environment}' answered HTTP {answer.Status} when asked to {reads[i].Doing} inside the $batch; reading it again on its own.");
                outcomes.Add(await TryGet(route + reads[i].Path, reads[i].Doing, ct).ConfigureAwait(false));
            }
            return outcomes;
        }

        private async Task<BcOutcome<JsonElement?>> TryGet(string path, string doing, CancellationToken ct)
        {
            try
            {
                return new BcOutcome<JsonElement?>(await Get(path, doing, ct).ConfigureAwait(false));
            }
            catch (S2SException e)
            {
                return new BcOutcome<JsonElement?>(e);
            }
        }

        private static BcOutcome<T> Map<T>(BcOutcome<JsonElement?> read, Func<JsonElement?, T> convert)
            => read.Error == null ? new BcOutcome<T>(convert(read.Value)) : new BcOutcome<T>(read.Error);

        private static string UsersPath(string companyId) => $"companies({companyId})/users";

        private static string ExtensionsPath(string companyId) => $"companies({companyId})/extensions";

        private async Task<JsonElement?> Get(string path, string doing, CancellationToken ct)
            => Success(await _client.GetAsync(new Uri(_api, path), ct).ConfigureAwait(false), doing);

        private JsonElement? Success(JsonAnswer answer, string doing) => answer.IsSuccess ? answer.Body : throw Describe(answer, doing);

        private S2SException Describe(JsonAnswer answer, string doing) => Describe(answer.Status, answer.Body, doing);

        private S2SException Describe(int status, JsonElement? body, string doing) => BcEnvironmentErrors.From(_environment, status, body, doing);

        private static IReadOnlyList<BcUser> Users(JsonElement? body)
            => BcJson.Items(body).Select(u => new BcUser(
                BcJson.Read(u, "userSecurityId") ?? string.Empty,
                BcJson.Read(u, "userName") ?? string.Empty,
                BcJson.Read(u, "displayName"),
                BcJson.Read(u, "state"),
                BcJson.Read(u, "contactEmail"),
                u.TryGetProperty("userPermissions", out var permissions) && permissions.ValueKind == JsonValueKind.Array ? PermissionSetIds(permissions) : null)).ToList();

        private static IReadOnlyList<string> PermissionSetIds(JsonElement? body)
            => BcJson.Items(body).Select(p => BcJson.Read(p, "roleId")).Where(r => r != null).Select(r => r!).ToList();

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
        public BcUser(string userSecurityId, string userName, string? displayName, string? state, string? contactEmail = null, IReadOnlyList<string>? permissionSets = null)
        {
            ContactEmail = contactEmail;
            PermissionSets = permissionSets;
            UserSecurityId = userSecurityId;
            UserName = userName;
            DisplayName = displayName;
            State = state;
        }

        public string UserSecurityId { get; }
        public string UserName { get; }
        public string? DisplayName { get; }
        public string? State { get; }
        /// <summary>Page 30004's contactEmail: filled for people synchronised from Entra.</summary>
        public string? ContactEmail { get; }
        public bool IsEnabled => string.Equals(State, "Enabled", StringComparison.OrdinalIgnoreCase);
        /// <summary>The user's permission set ids when they were read with the user (<c>$expand</c>); null otherwise.</summary>
        public IReadOnlyList<string>? PermissionSets { get; }
    }

    /// <summary>A row of the automation API's permissionSets: role id, the extension that defines it, and its scope (System or Tenant).</summary>
    public sealed class BcPermissionSet
    {
        public BcPermissionSet(string roleId, string? appId, string? scope)
        {
            RoleId = roleId;
            AppId = appId;
            Scope = scope;
        }

        public string RoleId { get; }
        public string? AppId { get; }
        public string? Scope { get; }

        public override string ToString() => $"{RoleId} (scope {Scope ?? "?"}, app {AppId ?? "?"})";
    }
}
