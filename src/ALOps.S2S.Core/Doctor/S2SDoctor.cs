using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.BusinessCentral.Registration;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Diagnostics;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Core.Session;
using ALOps.S2S.Core.Setup;

namespace ALOps.S2S.Core.Doctor
{
    /// <summary>
    /// Test-ALOpsS2S's engine: runs the checks in order, as the app itself, and explains each failure with the
    /// diagnosis catalogues. A failed step skips the checks that depend on it, saying so.
    /// </summary>
    public sealed class S2SDoctor
    {
        private const string AdminCenterPermission = "AdminCenter.ReadWrite.All";
        private const string ApiPermission = "API.ReadWrite.All";
        private const string AutomationPermission = "Automation.ReadWrite.All";
        private const string ExtensionManagementSet = "EXTEN. MGT. - ADMIN";
        private const string StandardApiName = "standard API";
        private const string AutomationApiName = "automation API";

        private readonly ReplicationWait _replication;

        public S2SDoctor(ReplicationWait? replication = null) => _replication = replication ?? ReplicationWait.Default;

        public async Task<IReadOnlyList<CheckResult>> RunAsync(DoctorRequest request, CancellationToken ct)
        {
            using var app = await CheckAppAsync(request, ct).ConfigureAwait(false);
            var results = new List<CheckResult>(app.Results);
            results.AddRange(await CheckEnvironmentsAsync(app, request, request.Environments, ct).ConfigureAwait(false));
            return results;
        }

        /// <summary>
        /// The checks of the app itself, once per app and tenant however many environments follow: the tenant
        /// resolves, the app gets a token, its roles, its credential's expiry and (when asked) the admin center.
        /// </summary>
        public async Task<AppCheck> CheckAppAsync(DoctorRequest request, CancellationToken ct)
        {
            var results = new List<CheckResult>();
            var tenant = request.AppSignIn.Tenant ?? string.Empty;
            var clientId = request.AppSignIn.ClientId ?? string.Empty;

            string? tenantId = null;
            CheckResult tenantCheck;
            using (var http = new S2SHttpClientFactory())
            {
                tenantCheck = await RunCheck(results, DoctorChecks.TenantResolves, tenant, async r =>
                {
                    tenantId = await TenantResolver.ResolveAsync(request.AppSignIn.Cloud, tenant, http.GetHttpClient(), ct).ConfigureAwait(false);
                    r.Cause = $"Tenant id {tenantId}.";
                }).ConfigureAwait(false);
            }

            S2SSession? app = null;
            if (tenantCheck.Status == CheckStatus.Pass)
                await RunCheck(results, DoctorChecks.TokenForBusinessCentral, clientId, async r =>
                {
                    app = await SignInAsync(request, ct).ConfigureAwait(false);
                    r.Cause = $"Token for {CloudEndpoints.BusinessCentralResource} until {app.TokenExpiries[CloudEndpoints.BusinessCentralResource]:u}.";
                }).ConfigureAwait(false);
            else
                Skip(results, DoctorChecks.TokenForBusinessCentral, clientId, "The tenant did not resolve.");

            if (app == null)
            {
                const string why = "The app could not get a token.";
                Skip(results, DoctorChecks.RolesInToken, clientId, why);
                Skip(results, DoctorChecks.CredentialExpiry, clientId, why);
                if (request.Permissions.Contains(AdminCenterPermission, StringComparer.OrdinalIgnoreCase))
                    Skip(results, DoctorChecks.AdminCenter, tenant, why);
                return new AppCheck(results, null, new HashSet<string>(), null, why);
            }

            try
            {
                var roles = RolesOf(await app.GetTokenAsync(CloudEndpoints.BusinessCentralResource, ct).ConfigureAwait(false));
                string? waited = null;
                var missing = request.Permissions.Where(p => !roles.Contains(p)).ToList();
                if (missing.Count > 0 && await MayBeReplicatingAsync(request, clientId, missing, ct).ConfigureAwait(false))
                {
                    var watch = Stopwatch.StartNew();
                    var fresh = await WaitForRolesAsync(request, missing, ct).ConfigureAwait(false);
                    if (fresh != null)
                    {
                        app.Dispose();
                        (app, roles) = fresh.Value;
                    }
                    else waited = $" Waited {watch.Elapsed.TotalSeconds:0} s for the granted role(s) to reach the app's token.";
                }
                await RunCheck(results, DoctorChecks.RolesInToken, clientId, r => CheckRoles(r, request, roles, clientId, waited)).ConfigureAwait(false);
                string? appName = null;
                await RunCheck(results, DoctorChecks.CredentialExpiry, clientId, async r => appName = await CheckExpiryAsync(r, request, clientId, ct).ConfigureAwait(false)).ConfigureAwait(false);

                IReadOnlyList<BcEnvironment>? environments = null;
                if (request.Permissions.Contains(AdminCenterPermission, StringComparer.OrdinalIgnoreCase) && !roles.Contains(AdminCenterPermission))
                    Skip(results, DoctorChecks.AdminCenter, app.TenantId, MissingRole(AdminCenterPermission));
                else if (request.Permissions.Contains(AdminCenterPermission, StringComparer.OrdinalIgnoreCase))
                    await RunCheck(results, DoctorChecks.AdminCenter, app.TenantId, async r =>
                    {
                        try
                        {
                            environments = await new AdminCenterClient(app).GetEnvironmentsAsync(ct).ConfigureAwait(false);
                            r.Cause = $"{environments.Count} environment(s) visible.";
                        }
                        catch (S2SException e) when (e.ErrorId == "S2S.BcAdminRoleRequired")
                        {
                            Explain(r, SymptomCatalogue.AdminCenterNotAuthorized(clientId, app.TenantId), e);
                        }
                    }).ConfigureAwait(false);
                return new AppCheck(results, app, roles, environments, null, appName);
            }
            catch
            {
                app.Dispose();
                throw;
            }
        }

        /// <summary>The checks of each environment, as the app of <paramref name="app"/>; all skipped when the app has no token.</summary>
        public async Task<IReadOnlyList<CheckResult>> CheckEnvironmentsAsync(AppCheck app, DoctorRequest request, IEnumerable<string> environments, CancellationToken ct)
        {
            var results = new List<CheckResult>();
            foreach (var environment in environments)
            {
                if (app.Session == null)
                {
                    Skip(results, DoctorChecks.StandardApi, environment, app.SkipReason!);
                    Skip(results, DoctorChecks.AutomationApi, environment, app.SkipReason!);
                    Skip(results, DoctorChecks.ExtensionManagement, environment, app.SkipReason!);
                    continue;
                }
                await CheckEnvironmentAsync(results, request, app.Session, app.Roles, environment, app.Environments, Descriptions(request, app), ct).ConfigureAwait(false);
            }
            return results;
        }

        private Task<S2SSession> SignInAsync(DoctorRequest request, CancellationToken ct)
            => AppSignIn.ConnectAsync(request.AppSignIn, request.RecentlyCreated, _replication, ct);

        private static HashSet<string> RolesOf(AccessToken token) => new HashSet<string>(token.Claims?.Roles ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Whether roles missing from the token may just not have reached it yet: the app was granted them moments ago
        /// (this pipeline), or Graph shows them granted. Role assignments reach app tokens lazily.
        /// </summary>
        private static async Task<bool> MayBeReplicatingAsync(DoctorRequest request, string clientId, IReadOnlyList<string> missing, CancellationToken ct)
        {
            if (request.RecentlyCreated) return true;
            if (request.Operator == null) return false;
            try
            {
                var graph = request.Operator.Graph;
                var bc = await ServicePrincipalLookup.FindAsync(graph, CloudEndpoints.BusinessCentralAppId, ct, "id", "appRoles").ConfigureAwait(false);
                var sp = await ServicePrincipalLookup.FindAsync(graph, clientId, ct).ConfigureAwait(false);
                if (bc?.Id == null || sp?.Id == null) return false;
                var assignments = await graph.ServicePrincipals[sp.Id].AppRoleAssignments.GetAsync(cancellationToken: ct).ConfigureAwait(false);
                var granted = (assignments?.Value ?? new List<AppRoleAssignment>())
                    .Where(a => a.ResourceId?.ToString() == bc.Id)
                    .Select(a => bc.AppRoles?.FirstOrDefault(role => role.Id == a.AppRoleId)?.Value)
                    .Where(v => v != null);
                return missing.Intersect(granted!, StringComparer.OrdinalIgnoreCase).Any();
            }
            catch (Exception e) when (e is ODataError || e is S2SException)
            {
                S2SLogScope.Current.Verbose($"Cannot read in Microsoft Graph whether {string.Join(", ", missing)} was granted ({e.Message}).");
                return false;
            }
        }

        /// <summary>
        /// Signs the app in again until its token carries <paramref name="missing"/> (a new sign-in, because the token
        /// cache would hand back the token without them), within the replication budget; null when they never came.
        /// </summary>
        private async Task<(S2SSession Session, HashSet<string> Roles)?> WaitForRolesAsync(DoctorRequest request, IReadOnlyList<string> missing, CancellationToken ct)
        {
            try
            {
                return await _replication.UntilAsync($"Waiting for the app's token to carry {string.Join(", ", missing)}", async c =>
                {
                    var fresh = await SignInAsync(request, c).ConfigureAwait(false);
                    try
                    {
                        var roles = RolesOf(await fresh.GetTokenAsync(CloudEndpoints.BusinessCentralResource, c).ConfigureAwait(false));
                        if (missing.All(roles.Contains)) return (fresh, roles);
                    }
                    catch
                    {
                        fresh.Dispose();
                        throw;
                    }
                    fresh.Dispose();
                    throw new RolesNotInTokenYet();
                }, e => e is RolesNotInTokenYet, ct).ConfigureAwait(false);
            }
            catch (S2SException e) when (e.ErrorId == "S2S.ReplicationTimeout")
            {
                return null;
            }
        }

        private sealed class RolesNotInTokenYet : Exception { }

        /// <summary>The names the app's user may carry in an environment: the Description given, else the app's name (and its 50-character cut).</summary>
        private static IReadOnlyList<string> Descriptions(DoctorRequest request, AppCheck app)
            => new[] { request.Description, app.AppName, app.AppName == null ? null : BcNames.DefaultDescription(app.AppName, app.Session?.ClientId ?? string.Empty) }
                .Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        private static Task CheckRoles(CheckResult r, DoctorRequest request, HashSet<string> roles, string clientId, string? waited = null)
        {
            var missing = request.Permissions.Where(p => !roles.Contains(p)).ToList();
            if (missing.Count == 0)
            {
                r.Cause = "Roles: " + string.Join(", ", roles.OrderBy(x => x)) + ".";
                return Task.CompletedTask;
            }
            var diagnosis = SymptomCatalogue.PermissionNotGranted(string.Join(", ", missing), clientId);
            r.Status = CheckStatus.Fail;
            r.Cause = diagnosis.Cause + (roles.Count > 0 ? " Roles present: " + string.Join(", ", roles) + "." : " The token has no roles at all.") + waited;
            r.Fix = diagnosis.Fix;
            r.DiagnosisId = diagnosis.ErrorId;
            r.ErrorCode = diagnosis.Code;
            return Task.CompletedTask;
        }

        /// <summary>Checks the expiry of the credential in use; returns the app's display name when the operator could read the app.</summary>
        private static async Task<string?> CheckExpiryAsync(CheckResult r, DoctorRequest request, string clientId, CancellationToken ct)
        {
            var federated = request.AppSignIn.Mode == OperatorMode.FederatedToken;
            if (federated) r.Cause = "Federated credentials have no secret to expire.";
            if (request.Operator == null)
            {
                if (!federated)
                {
                    r.Status = CheckStatus.Skipped;
                    r.Cause = "Not checked: connect an operator who can read the app (Connect-ALOpsS2S) to check credential expiry.";
                }
                return null;
            }
            var (app, unreadable) = await ReadAppAsync(request, clientId, ct).ConfigureAwait(false);
            if (federated) return app?.DisplayName;
            if (app == null)
            {
                r.Status = CheckStatus.Skipped;
                r.Cause = unreadable ?? $"Not checked: the app's registration is not in tenant {request.Operator.TenantId}{(request.AppHome != null && request.AppHome != request.Operator ? " nor " + request.AppHome.TenantId : string.Empty)}; connect an operator of the tenant where it is registered.";
                return null;
            }
            var expiry = FindExpiry(app, request);
            if (expiry == null)
            {
                r.Status = CheckStatus.Skipped;
                r.Cause = "Not checked: the credential in use was not found among the app's credentials.";
                return app.DisplayName;
            }
            var days = (int)Math.Floor((expiry.Value - DateTimeOffset.UtcNow).TotalDays);
            r.Cause = $"Expires {expiry.Value:yyyy-MM-dd} (in {days} days).";
            if (expiry <= DateTimeOffset.UtcNow) Explain(r, SymptomCatalogue.CredentialExpired(clientId));
            else if (days < request.ExpiryWarningDays)
            {
                Explain(r, SymptomCatalogue.CredentialExpiresSoon(days, clientId));
                r.Status = CheckStatus.Warn;
            }
            return app.DisplayName;
        }

        /// <summary>The app's registration with its credentials; a partner's multi-tenant app keeps them in the partner's tenant, not in the customer's.</summary>
        private static async Task<(Application? App, string? Unreadable)> ReadAppAsync(DoctorRequest request, string clientId, CancellationToken ct)
        {
            foreach (var reader in new[] { request.Operator, request.AppHome }.Where(o => o != null).Distinct())
            {
                try
                {
                    return (await reader!.Graph.ApplicationsWithAppId(clientId)
                        .GetAsync(rc => rc.QueryParameters.Select = new[] { "displayName", "passwordCredentials", "keyCredentials" }, ct).ConfigureAwait(false), null);
                }
                catch (ODataError e) when (e.ResponseStatusCode == 404)
                {
                }
                catch (Exception e) when (e is ODataError || e is S2SException)
                {
                    return (null, $"Not checked: {reader!.Account} cannot read the app's credentials in tenant {reader.TenantId}.");
                }
            }
            return (null, null);
        }

        private static DateTimeOffset? FindExpiry(Application? app, DoctorRequest request)
        {
            if (app == null) return null;
            if (request.AppSignIn.Mode == OperatorMode.ClientSecret)
            {
                var secrets = (app.PasswordCredentials ?? new List<PasswordCredential>())
                    .Where(p => request.SecretHint == null || p.Hint == null || request.SecretHint.StartsWith(p.Hint, StringComparison.Ordinal)).ToList();
                return secrets.Count == 0 ? null : secrets.Max(p => p.EndDateTime);
            }
            var certificate = request.AppSignIn.Certificate;
            var thumbprint = certificate?.Thumbprint;
            return (app.KeyCredentials ?? new List<KeyCredential>())
                .Where(k => thumbprint == null
                    || (certificate != null && k.Key != null && k.Key.SequenceEqual(certificate.RawData))
                    || (k.CustomKeyIdentifier != null && string.Equals(BitConverter.ToString(k.CustomKeyIdentifier).Replace("-", string.Empty), thumbprint, StringComparison.OrdinalIgnoreCase)))
                .Select(k => k.EndDateTime).Max();
        }

        private async Task CheckEnvironmentAsync(List<CheckResult> results, DoctorRequest request, S2SSession app, HashSet<string> roles, string environment,
            IReadOnlyList<BcEnvironment>? known, IReadOnlyList<string> descriptions, CancellationToken ct)
        {
            var clientId = app.ClientId ?? string.Empty;
            var page = BcLinks.EntraApplicationsPage(app.TenantId, environment, known?.FirstOrDefault(e => string.Equals(e.Name, environment, StringComparison.OrdinalIgnoreCase))?.WebClientLoginUrl);
            var client = new BcEnvironmentClient(app, app.TenantId, environment);

            string? knownCompanyId = null;
            var standard = !roles.Contains(ApiPermission)
                ? Skip(results, DoctorChecks.StandardApi, environment, MissingRole(ApiPermission))
                : await RunCheck(results, DoctorChecks.StandardApi, environment, async r =>
            {
                try
                {
                    var companies = await client.GetCompaniesAsync(ct).ConfigureAwait(false);
                    knownCompanyId = companies.FirstOrDefault()?.Id;
                    r.Cause = $"{companies.Count} compan{(companies.Count == 1 ? "y" : "ies")}.";
                }
                catch (S2SException e) when (e.ErrorId == BcEnvironmentClient.Unauthorized)
                {
                    await ExplainUnauthorizedAsync(r, e, new RejectedCall(request, app, roles, client, environment, StandardApiName, descriptions, page), ct).ConfigureAwait(false);
                }
                catch (S2SException e) when (e.ErrorId == BcEnvironmentClient.Forbidden)
                {
                    Explain(r, SymptomCatalogue.PermissionSetMissing(environment, StandardApiName, "D365 AUTOMATION", page), e);
                }
                catch (S2SException e) when (e.ErrorId == "S2S.BcNotFound")
                {
                    Explain(r, SymptomCatalogue.EnvironmentUnavailable(environment, e.ServiceErrorCode ?? "NotFound"), e);
                }
            }).ConfigureAwait(false);

            if (!request.Permissions.Contains(AutomationPermission, StringComparer.OrdinalIgnoreCase))
            {
                Skip(results, DoctorChecks.AutomationApi, environment, "Automation.ReadWrite.All was not asked for (-Permission).");
                Skip(results, DoctorChecks.ExtensionManagement, environment, "Automation.ReadWrite.All was not asked for (-Permission).");
                return;
            }
            if (!roles.Contains(AutomationPermission))
            {
                Skip(results, DoctorChecks.AutomationApi, environment, MissingRole(AutomationPermission));
                Skip(results, DoctorChecks.ExtensionManagement, environment, MissingRole(AutomationPermission));
                return;
            }
            if (standard.Status == CheckStatus.Fail)
            {
                Skip(results, DoctorChecks.AutomationApi, environment, "The app cannot use this environment (see StandardApi).");
                Skip(results, DoctorChecks.ExtensionManagement, environment, "The app cannot use this environment (see StandardApi).");
                return;
            }

            string? companyId = null;
            BcOutcome<int>? extensions = null;
            IReadOnlyList<BcUser>? users = null;
            var automation = await RunCheck(results, DoctorChecks.AutomationApi, environment, async r =>
            {
                try
                {
                    // A company's id is the same in the standard and the automation API (its SystemId): reuse it.
                    companyId = knownCompanyId ?? (await client.GetAutomationCompaniesAsync(ct).ConfigureAwait(false)).FirstOrDefault()?.Id;
                    if (companyId == null)
                    {
                        r.Cause = "No company.";
                        return;
                    }
                    // Users show that the automation permissions are there (companies alone can be readable without them);
                    // the extensions of the next check are read in the same request.
                    var reads = await client.ReadUsersAndExtensionsAsync(companyId, ct).ConfigureAwait(false);
                    if (reads.Users.Error?.ErrorId == "S2S.BcNotFound" && knownCompanyId != null)
                    {
                        companyId = (await client.GetAutomationCompaniesAsync(ct).ConfigureAwait(false)).FirstOrDefault()?.Id ?? throw reads.Users.Error;
                        reads = await client.ReadUsersAndExtensionsAsync(companyId, ct).ConfigureAwait(false);
                    }
                    extensions = reads.Extensions;
                    users = reads.Users.Value;
                    r.Cause = $"Automation API answers ({users.Count} users).";
                }
                catch (S2SException e) when (e.ErrorId == BcEnvironmentClient.Unauthorized)
                {
                    await ExplainUnauthorizedAsync(r, e, new RejectedCall(request, app, roles, client, environment, AutomationApiName, descriptions, page), ct).ConfigureAwait(false);
                }
                catch (S2SException e) when (e.ErrorId == BcEnvironmentClient.Forbidden)
                {
                    Explain(r, SymptomCatalogue.PermissionSetMissing(environment, AutomationApiName, "D365 AUTOMATION", page), e);
                }
            }).ConfigureAwait(false);

            if (automation.Status != CheckStatus.Pass || extensions == null || users == null || companyId == null)
            {
                Skip(results, DoctorChecks.ExtensionManagement, environment, "The automation API is not usable (see AutomationApi).");
                return;
            }
            await RunCheck(results, DoctorChecks.ExtensionManagement, environment,
                r => CheckExtensionManagementAsync(r, client, companyId, users, extensions.Value, descriptions, environment, page, ct)).ConfigureAwait(false);
        }

        /// <summary>
        /// EXTEN. MGT. - ADMIN is what installing and uninstalling extensions needs; listing them needs only D365 AUTOMATION
        /// (both grant Read on "Published Application"), so a successful list proves nothing. The proof is the app user's
        /// own permission sets (userPermissions). The user is found by name; without a name (or when none matches) every
        /// application user is looked at: all holding the set passes, none holding it fails, a mix cannot tell.
        /// </summary>
        private static async Task CheckExtensionManagementAsync(CheckResult r, BcEnvironmentClient client, string companyId, IReadOnlyList<BcUser> users, int extensionCount,
            IReadOnlyList<string> descriptions, string environment, string page, CancellationToken ct)
        {
            var named = ApplicationUsers.Named(users, descriptions);
            if (named.Count > 1)
            {
                r.Status = CheckStatus.Warn;
                r.Cause = $"Cannot tell which user is the app: {ApplicationUsers.Describe(named)} all carry its name, so EXTEN. MGT. - ADMIN was not verified.";
                r.Fix = $"Give the app's row on page 9860 ({page}) a Description no other user has.";
                return;
            }
            var candidates = named.Count == 1 ? named : ApplicationUsers.NotPeople(users);
            if (candidates.Count == 0)
            {
                r.Status = CheckStatus.Warn;
                r.Cause = "No application user is visible in the environment, so EXTEN. MGT. - ADMIN was not verified.";
                return;
            }
            var holding = new List<BcUser>();
            var lacking = new List<BcUser>();
            try
            {
                foreach (var user in candidates)
                {
                    var sets = user.PermissionSets ?? await client.GetUserPermissionSetsAsync(companyId, user.UserSecurityId, ct).ConfigureAwait(false);
                    (sets.Any(s => string.Equals(s, ExtensionManagementSet, StringComparison.OrdinalIgnoreCase) || string.Equals(s, "SUPER", StringComparison.OrdinalIgnoreCase)) ? holding : lacking).Add(user);
                }
            }
            catch (S2SException e) when (e.ErrorId == BcEnvironmentClient.Forbidden || e.ErrorId == BcEnvironmentClient.Unauthorized)
            {
                r.Status = CheckStatus.Warn;
                r.Cause = $"The app may not read its own permission sets ({e.ServiceErrorCode}), so EXTEN. MGT. - ADMIN was not verified.";
                return;
            }
            var who = named.Count == 1 ? $"The app's user '{named[0].UserName}'" : candidates.Count == 1 ? $"The only application user, '{candidates[0].UserName}'," : $"Every application user ({candidates.Count})";
            if (lacking.Count == 0)
            {
                r.Cause = $"{who} holds EXTEN. MGT. - ADMIN; {extensionCount} extension(s) visible.";
                return;
            }
            if (holding.Count == 0)
            {
                Explain(r, SymptomCatalogue.ExtensionManagementMissing(environment, page));
                r.Cause += $" {(named.Count == 1 || candidates.Count == 1 ? who.TrimEnd(',') : $"None of the application users ({ApplicationUsers.Describe(candidates)})")} holds it.";
                return;
            }
            r.Status = CheckStatus.Warn;
            r.Cause = $"Cannot tell which application user is this app: {string.Join(", ", holding.Select(u => u.UserName))} hold(s) EXTEN. MGT. - ADMIN, {string.Join(", ", lacking.Select(u => u.UserName))} do(es) not.";
            r.Fix = "Run Test-ALOpsS2S while connected (Connect-ALOpsS2S) as someone who can read the app in Microsoft Entra, so its name tells its user apart.";
        }

        /// <summary>A call the environment answered 401, with what the doctor knows to interpret it.</summary>
        private sealed class RejectedCall
        {
            public RejectedCall(DoctorRequest request, S2SSession app, HashSet<string> roles, BcEnvironmentClient client, string environment, string api, IReadOnlyList<string> descriptions, string page)
            {
                Request = request;
                App = app;
                Roles = roles;
                Client = client;
                Environment = environment;
                Api = api;
                Descriptions = descriptions;
                Page = page;
            }

            public DoctorRequest Request { get; }
            public S2SSession App { get; }
            public HashSet<string> Roles { get; }
            public BcEnvironmentClient Client { get; }
            public string Environment { get; }
            public string Api { get; }
            public IReadOnlyList<string> Descriptions { get; }
            public string Page { get; }
        }

        /// <summary>
        /// Business Central answers every refusal of a token with the same 401 Authentication_InvalidCredentials. It is
        /// read only after the token is understood: its audience, then the other API its roles allow (accepted there:
        /// registered and enabled), then, through the operator, the state of the app's user (Disabled: registered but
        /// disabled; no such user: not registered). Without such evidence the cause names both possibilities.
        /// </summary>
        private static async Task ExplainUnauthorizedAsync(CheckResult r, S2SException evidence, RejectedCall call, CancellationToken ct)
        {
            var clientId = call.App.ClientId ?? string.Empty;
            var audience = (await call.App.GetTokenAsync(CloudEndpoints.BusinessCentralResource, ct).ConfigureAwait(false)).Claims?.Audience;
            if (audience != null && !IsBusinessCentralAudience(audience))
            {
                Explain(r, SymptomCatalogue.AppNotRegisteredInEnvironment(call.Environment, clientId, call.Page), evidence);
                r.Cause = $"Environment '{call.Environment}' rejects the app's token, whose audience is '{audience}', not Business Central ({CloudEndpoints.BusinessCentralResource}).";
                r.Fix = "Check the cloud (-Cloud) the app signs in to; the token must be issued for Business Central.";
                return;
            }

            var standard = call.Api == StandardApiName;
            var otherRole = standard ? AutomationPermission : ApiPermission;
            if (call.Roles.Contains(otherRole) && await AcceptedOnOtherApiAsync(call.Client, standard, ct).ConfigureAwait(false))
            {
                Explain(r, SymptomCatalogue.AppRejectedOnOneApi(call.Environment, call.Api, standard ? AutomationApiName : StandardApiName, standard ? ApiPermission : AutomationPermission, clientId), evidence);
                return;
            }

            var (user, known) = await FindAppUserAsync(call, ct).ConfigureAwait(false);
            if (user != null && !user.IsEnabled)
                Explain(r, SymptomCatalogue.AppDisabledInEnvironment(call.Environment, user.UserName, call.Page), evidence);
            else if (user == null && known != null)
            {
                Explain(r, SymptomCatalogue.AppNotRegisteredNamed(call.Environment, call.Descriptions[0], clientId, call.Page), evidence);
                r.Cause += " " + known;
            }
            else
            {
                Explain(r, SymptomCatalogue.AppNotRegisteredInEnvironment(call.Environment, clientId, call.Page), evidence);
                if (user != null) r.Cause += $" Its application user '{user.UserName}' is Enabled, so the registration row itself (client id) may differ.";
                else if (known == null) r.Cause += " (Which of the two could not be read: connect an operator who can read the environment's users to tell.)";
            }
        }

        private static bool IsBusinessCentralAudience(string audience)
            => string.Equals(audience.TrimEnd('/'), CloudEndpoints.BusinessCentralResource, StringComparison.OrdinalIgnoreCase)
               || string.Equals(audience, CloudEndpoints.BusinessCentralAppId, StringComparison.OrdinalIgnoreCase);

        /// <summary>Whether the environment lets the app in on the other API (a 403 there still means it was let in).</summary>
        private static async Task<bool> AcceptedOnOtherApiAsync(BcEnvironmentClient client, bool standardRejected, CancellationToken ct)
        {
            try
            {
                if (standardRejected) await client.GetAutomationCompaniesAsync(ct).ConfigureAwait(false);
                else await client.GetCompaniesAsync(ct).ConfigureAwait(false);
                return true;
            }
            catch (S2SException e) when (e.ErrorId == BcEnvironmentClient.Forbidden)
            {
                return true;
            }
            catch (S2SException)
            {
                return false;
            }
        }

        /// <summary>
        /// The app's user as the operator sees it: the user (when exactly one carries the app's name), or null with what
        /// is known ("no application user named …") when the users could be read and none matches; (null, null) when
        /// nothing can be said (no operator, no name, unreadable users, or several candidates).
        /// </summary>
        private static async Task<(BcUser? User, string? NoneNamed)> FindAppUserAsync(RejectedCall call, CancellationToken ct)
        {
            var op = call.Request.Operator;
            if (op == null || call.Descriptions.Count == 0) return (null, null);
            try
            {
                var client = new BcEnvironmentClient(op, op.TenantId, call.Environment);
                var companyId = (await client.GetAutomationCompaniesAsync(ct).ConfigureAwait(false)).FirstOrDefault()?.Id;
                if (companyId == null) return (null, null);
                var named = ApplicationUsers.Named(await client.GetUsersAsync(companyId, ct).ConfigureAwait(false), call.Descriptions);
                if (named.Count == 1) return (named[0], null);
                return named.Count == 0
                    ? (null, $"{op.Account} sees no application user named {string.Join(" or ", call.Descriptions.Select(d => "'" + d + "'"))}.")
                    : (null, null);
            }
            catch (S2SException e)
            {
                S2SLogScope.Current.Verbose($"{op.Account} cannot read the users of '{call.Environment}' ({e.ErrorId}); the 401 is explained without them.");
                return (null, null);
            }
        }

        private static CheckResult Skip(List<CheckResult> results, string check, string target, string why)
        {
            var skipped = new CheckResult(check, target, CheckStatus.Skipped) { Cause = why };
            results.Add(skipped);
            return skipped;
        }

        private static string MissingRole(string permission) => $"The app's token has no {permission} role (see RolesInToken).";

        private static void Explain(CheckResult result, Diagnosis diagnosis, S2SException? evidence = null)
        {
            result.Status = CheckStatus.Fail;
            result.Cause = diagnosis.Cause;
            result.Fix = diagnosis.Fix;
            result.DiagnosisId = diagnosis.ErrorId;
            result.ErrorCode = evidence?.ServiceErrorCode ?? diagnosis.Code;
            result.CorrelationId = evidence?.CorrelationId;
        }

        /// <summary>Runs one check; an engine error it does not explain itself becomes a failure with that error's cause and fix.</summary>
        private static async Task<CheckResult> RunCheck(List<CheckResult> results, string check, string target, Func<CheckResult, Task> body)
        {
            var result = new CheckResult(check, target, CheckStatus.Pass);
            var watch = Stopwatch.StartNew();
            S2SLogScope.Current.Verbose($"Check {check} on {target}.");
            try
            {
                await body(result).ConfigureAwait(false);
            }
            catch (S2SException e)
            {
                result.Status = CheckStatus.Fail;
                result.Cause = e.Message;
                result.Fix = e.RecommendedAction;
                result.DiagnosisId = e.ErrorId;
                result.ErrorCode = e.ServiceErrorCode;
                result.CorrelationId = e.CorrelationId;
            }
            result.Duration = watch.Elapsed;
            results.Add(result);
            return result;
        }
    }
}
