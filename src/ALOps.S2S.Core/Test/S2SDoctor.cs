using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Diagnostics;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Test
{
    /// <summary>
    /// Test-ALOpsS2S's engine: runs the checks in order, as the app itself, and explains each failure with the
    /// diagnosis catalogues. A failed step skips the checks that depend on it, saying so.
    /// </summary>
    public sealed class S2SDoctor
    {
        private const string AdminCenterPermission = "AdminCenter.ReadWrite.All";
        internal const string ApiPermission = "API.ReadWrite.All";
        internal const string AutomationPermission = "Automation.ReadWrite.All";
        internal const string StandardApiName = "standard API";
        internal const string AutomationApiName = "automation API";

        private readonly ReplicationWait _replication;

        /// <summary>
        /// The app registrations this doctor read, by reader tenant and client id (null: not there): a partner's app is
        /// read once in the partner's tenant however many customer rows check it.
        /// </summary>
        private readonly AsyncMemo<string, Application?> _appReads = new AsyncMemo<string, Application?>(StringComparer.OrdinalIgnoreCase);

        public S2SDoctor(ReplicationWait? replication = null) => _replication = replication ?? ReplicationWait.Default;

        public async Task<IReadOnlyList<CheckResult>> RunAsync(DoctorRequest request, CancellationToken ct)
        {
            using var app = await StartAppCheckAsync(request, ct).ConfigureAwait(false);
            var environments = await CheckEnvironmentsAsync(app, request, request.Environments, ct).ConfigureAwait(false);
            await app.Completion.ConfigureAwait(false);
            var results = new List<CheckResult>(app.Results);
            results.AddRange(environments);
            return results;
        }

        /// <summary>
        /// The checks of the app itself, once per app and tenant however many environments follow: the tenant
        /// resolves, the app gets a token, its roles, its credential's expiry and (when asked) the admin center.
        /// All of them have ended when this returns.
        /// </summary>
        public async Task<AppCheck> CheckAppAsync(DoctorRequest request, CancellationToken ct)
        {
            var app = await StartAppCheckAsync(request, ct).ConfigureAwait(false);
            try
            {
                await app.Completion.ConfigureAwait(false);
            }
            catch
            {
                app.Dispose();
                throw;
            }
            return app;
        }

        /// <summary>
        /// The app's checks as <see cref="CheckAppAsync"/>, except that the credential's expiry (a Graph read as the
        /// operator) may still run when this returns, so that the environments are checked meanwhile: of it they need
        /// only the app's name, for their diagnoses. Its result holds its place in <see cref="AppCheck.Results"/>;
        /// await <see cref="AppCheck.Completion"/> before reporting them.
        /// </summary>
        internal async Task<AppCheck> StartAppCheckAsync(DoctorRequest request, CancellationToken ct)
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

            if (tenantCheck.Status == CheckStatus.Pass && !request.HasAppCredential)
                return await OperatorViewChecks.CheckAppAsync(results, request, ct).ConfigureAwait(false);

            S2SSession? app = null;
            var shared = request.AppSessions != null; // a sign-in the pipeline shares is not this check's to end
            if (tenantCheck.Status == CheckStatus.Pass)
                await RunCheck(results, DoctorChecks.TokenForBusinessCentral, clientId, async r =>
                {
                    app = shared ? await request.AppSessions!.GetAsync(request.AppSignIn, request.RecentlyCreated || request.CredentialJustAdded, _replication, ct).ConfigureAwait(false)
                        : await SignInAsync(request, ct).ConfigureAwait(false);
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
                        if (!shared) app.Dispose();
                        (app, roles) = fresh.Value;
                        shared = false;
                    }
                    else waited = $" Waited {watch.Elapsed.TotalSeconds:0} s for the granted role(s) to reach the app's token.";
                }
                await RunCheck(results, DoctorChecks.RolesInToken, clientId, r => CheckRoles(r, request, roles, clientId, waited)).ConfigureAwait(false);
                var appName = StartCheck(results, DoctorChecks.CredentialExpiry, clientId, r => CheckExpiryAsync(r, request, clientId, ct));

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
                        catch (S2SException e) when (e.ErrorId == S2SErrors.BcAdminRoleRequired)
                        {
                            Explain(r, SymptomCatalogue.AdminCenterNotAuthorized(clientId, app.TenantId), e);
                        }
                    }).ConfigureAwait(false);
                return new AppCheck(results, app, roles, environments, null, appName) { SessionShared = shared };
            }
            catch
            {
                if (!shared) app.Dispose();
                throw;
            }
        }

        /// <summary>The checks of each environment, as the app of <paramref name="app"/>; all skipped when the app has no token.</summary>
        public async Task<IReadOnlyList<CheckResult>> CheckEnvironmentsAsync(AppCheck app, DoctorRequest request, IEnumerable<string> environments, CancellationToken ct)
        {
            var results = new List<CheckResult>();
            foreach (var environment in environments)
            {
                if (app.WithoutCredential != null)
                {
                    await OperatorViewChecks.CheckEnvironmentAsync(results, request, app, environment, ct).ConfigureAwait(false);
                    continue;
                }
                if (app.Session == null)
                {
                    Skip(results, DoctorChecks.StandardApi, environment, app.SkipReason!);
                    Skip(results, DoctorChecks.AutomationApi, environment, app.SkipReason!);
                    Skip(results, DoctorChecks.ExtensionManagement, environment, app.SkipReason!);
                    continue;
                }
                await CheckEnvironmentAsync(results, request, app.Session, app.Roles, environment, app.Environments, DescriptionsAsync(request, app), ct).ConfigureAwait(false);
            }
            return results;
        }

        private Task<S2SSession> SignInAsync(DoctorRequest request, CancellationToken ct)
            => AppSignIn.ConnectAsync(request.AppSignIn, request.RecentlyCreated || request.CredentialJustAdded, _replication, ct);

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
                return await _replication.UntilAsync<(S2SSession Session, HashSet<string> Roles)?>($"Waiting for the app's token to carry {string.Join(", ", missing)}", async c =>
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
                    return null;
                }, ct, shows: carried => carried != null).ConfigureAwait(false);
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.ReplicationTimeout)
            {
                return null;
            }
        }

        /// <summary>The names the app's user may carry in an environment: the Description given, else the app's name (and its 50-character cut).</summary>
        private static async Task<IReadOnlyList<string>> DescriptionsAsync(DoctorRequest request, AppCheck app)
        {
            var appName = await app.AppName.ConfigureAwait(false);
            return new[] { request.Description, appName, appName == null ? null : BcNames.DefaultDescription(appName, app.Session?.ClientId ?? string.Empty) }
                .Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }

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
        private async Task<string?> CheckExpiryAsync(CheckResult r, DoctorRequest request, string clientId, CancellationToken ct)
        {
            var federated = request.AppSignIn.Mode == SignInMode.FederatedToken;
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

        /// <summary>
        /// The app's registration with its credentials; a partner's multi-tenant app keeps them in the partner's tenant, not
        /// in the customer's. The connection's own tenant is asked first: its answer serves every row of the run (a
        /// hundred customers of one partner app ask once), and an app registered in a customer's tenant costs one read more.
        /// </summary>
        private async Task<(Application? App, string? Unreadable)> ReadAppAsync(DoctorRequest request, string clientId, CancellationToken ct)
        {
            foreach (var reader in new[] { request.AppHome, request.Operator }.Where(o => o != null).Distinct())
            {
                try
                {
                    var app = await _appReads.GetAsync(reader!.TenantId + "|" + clientId, async _ =>
                    {
                        try
                        {
                            return await reader.Graph.ApplicationsWithAppId(clientId)
                                .GetAsync(rc => rc.QueryParameters.Select = new[] { "displayName", "passwordCredentials", "keyCredentials" }, ct).ConfigureAwait(false);
                        }
                        catch (ODataError e) when (e.ResponseStatusCode == 404)
                        {
                            return null;
                        }
                    }).ConfigureAwait(false);
                    if (app != null) return (app, null);
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
            if (request.AppSignIn.Mode == SignInMode.ClientSecret)
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
                    || string.Equals(KeyCredentialThumbprint.Of(k), thumbprint, StringComparison.OrdinalIgnoreCase))
                .Select(k => k.EndDateTime).Max();
        }

        private async Task CheckEnvironmentAsync(List<CheckResult> results, DoctorRequest request, S2SSession app, HashSet<string> roles, string environment,
            IReadOnlyList<BcEnvironment>? known, Task<IReadOnlyList<string>> descriptions, CancellationToken ct)
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
                catch (S2SException e) when (e.ErrorId == S2SErrors.BcUnauthorized)
                {
                    await UnauthorizedDiagnosis.ExplainAsync(r, e, new RejectedCall(request, app, roles, client, environment, StandardApiName, await descriptions.ConfigureAwait(false), page), ct).ConfigureAwait(false);
                }
                catch (S2SException e) when (e.ErrorId == S2SErrors.BcForbidden)
                {
                    Explain(r, SymptomCatalogue.PermissionSetMissing(environment, StandardApiName, "D365 AUTOMATION", page), e);
                }
                catch (S2SException e) when (e.ErrorId == S2SErrors.BcNotFound)
                {
                    Explain(r, SymptomCatalogue.EnvironmentUnavailable(environment, e.ServiceErrorCode ?? "NotFound"), e);
                }
            }).ConfigureAwait(false);

            if (!request.Permissions.Contains(AutomationPermission, StringComparer.OrdinalIgnoreCase))
            {
                Skip(results, DoctorChecks.AutomationApi, environment, $"Automation.ReadWrite.All was not asked for ({UserInput.Permissions}).");
                Skip(results, DoctorChecks.ExtensionManagement, environment, $"Automation.ReadWrite.All was not asked for ({UserInput.Permissions}).");
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
                    if (reads.Users.Error?.ErrorId == S2SErrors.BcNotFound && knownCompanyId != null)
                    {
                        companyId = (await client.GetAutomationCompaniesAsync(ct).ConfigureAwait(false)).FirstOrDefault()?.Id ?? throw reads.Users.Error;
                        reads = await client.ReadUsersAndExtensionsAsync(companyId, ct).ConfigureAwait(false);
                    }
                    extensions = reads.Extensions;
                    users = reads.Users.Value;
                    r.Cause = $"Automation API answers ({users.Count} users).";
                }
                catch (S2SException e) when (e.ErrorId == S2SErrors.BcUnauthorized)
                {
                    await UnauthorizedDiagnosis.ExplainAsync(r, e, new RejectedCall(request, app, roles, client, environment, AutomationApiName, await descriptions.ConfigureAwait(false), page), ct).ConfigureAwait(false);
                }
                catch (S2SException e) when (e.ErrorId == S2SErrors.BcForbidden)
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
                async r => await ExtensionManagementCheck.RunAsync(r, client, companyId, users, extensions.Value, await descriptions.ConfigureAwait(false), environment, page, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }

        internal static CheckResult Skip(List<CheckResult> results, string check, string target, string why)
        {
            var skipped = new CheckResult(check, target, CheckStatus.Skipped) { Cause = why };
            results.Add(skipped);
            return skipped;
        }

        private static string MissingRole(string permission) => $"The app's token has no {permission} role (see RolesInToken).";

        internal static void Explain(CheckResult result, Diagnosis diagnosis, S2SException? evidence = null)
        {
            result.Status = CheckStatus.Fail;
            result.Cause = diagnosis.Cause;
            result.Fix = diagnosis.Fix;
            result.DiagnosisId = diagnosis.ErrorId;
            result.ErrorCode = evidence?.ServiceErrorCode ?? diagnosis.Code;
            result.CorrelationId = evidence?.CorrelationId;
        }

        /// <summary>Runs one check; an engine error it does not explain itself becomes a failure with that error's cause and fix.</summary>
        internal static async Task<CheckResult> RunCheck(List<CheckResult> results, string check, string target, Func<CheckResult, Task> body)
        {
            var result = new CheckResult(check, target, CheckStatus.Pass);
            await FillAsync(result, body).ConfigureAwait(false);
            results.Add(result);
            return result;
        }

        /// <summary>Starts one check whose result takes its place in <paramref name="results"/> now and is filled in when its body ends; answers what the body returns.</summary>
        private static Task<T?> StartCheck<T>(List<CheckResult> results, string check, string target, Func<CheckResult, Task<T?>> body)
        {
            var result = new CheckResult(check, target, CheckStatus.Pass);
            results.Add(result);
            return ReadAhead.Start(RunAsync());

            async Task<T?> RunAsync()
            {
                T? value = default;
                await FillAsync(result, async r => value = await body(r).ConfigureAwait(false)).ConfigureAwait(false);
                return value;
            }
        }

        private static async Task FillAsync(CheckResult result, Func<CheckResult, Task> body)
        {
            var watch = Stopwatch.StartNew();
            S2SLogScope.Current.Verbose($"Check {result.Check} on {result.Target}.");
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
        }
    }
}
