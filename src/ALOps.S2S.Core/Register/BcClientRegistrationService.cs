using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Register
{
    /// <summary>
    /// Authorizes an app in the Business Central admin center and gets it registered, with its permission sets,
    /// in each environment. No documented API adds an app to an environment's Microsoft Entra Applications page (9860),
    /// so a person does that part: the service says exactly what to enter and, with Wait, polls until it is done.
    /// </summary>
    public sealed class BcClientRegistrationService
    {
        private readonly S2SSession _operator;
        private readonly Ensure _ensure;
        private readonly RegistrationRun? _run;

        /// <param name="run">Shared by the rows of one run (their reads and sign-ins are made once); null: this service's own.</param>
        public BcClientRegistrationService(S2SSession operatorSession, IChangeGate gate, ReplicationWait? replication = null, RegistrationRun? run = null)
        {
            _operator = operatorSession;
            _ensure = new Ensure(gate, replication);
            _run = run;
        }

        public async Task<IReadOnlyList<EnvironmentRegistrationResult>> RegisterAsync(BcClientRegistrationRequest request, CancellationToken ct)
        {
            if (_run != null) return await RegisterAsync(request, _run, ct).ConfigureAwait(false);
            using var run = new RegistrationRun();
            return await RegisterAsync(request, run, ct).ConfigureAwait(false);
        }

        private async Task<IReadOnlyList<EnvironmentRegistrationResult>> RegisterAsync(BcClientRegistrationRequest request, RegistrationRun run, CancellationToken ct)
        {
            var log = S2SLogScope.Current;
            var permissionSets = BcNames.PermissionSets(request.PermissionSets);
            var description = request.Description == null ? null : BcNames.Description(request.Description);
            var names = EnvironmentSelection.Check("Register-ALOpsBcClient", request.ClientId, request.Environments, request.AllEnvironments, request.Wait, request.Timeout);

            var appKey = _operator.TenantId + "|" + request.ClientId;
            // The independent reads at the same time (their errors still surface in this order): the app in Graph, the
            // tenant's environments, the app's own sign-in, and the admin center's authorized apps (after the environments,
            // which fetch the operator's admin center token: one token request, not two racing).
            var adminCenter = new AdminCenterClient(_operator);
            var appNameRead = request.ServicePrincipalId == null ? ReadAhead.Start(run.AppNames.GetAsync(appKey, _ => EnsureAppInTenantAsync(request, ct))) : Task.FromResult<string?>(null);
            var environmentsRead = ReadAhead.Start(run.Environments.GetAsync(_operator.TenantId, _ => adminCenter.GetEnvironmentsAsync(ct)));
            var appRead = request.AppSignIn == null ? Task.FromResult<S2SSession?>(null) : ReadAhead.Start(AppSessionAsync(request, run, ct));
            var authorizedAppsRead = _operator.IsAppOnly ? null : ReadAhead.Start(run.AuthorizedApps.GetAsync(_operator.TenantId, async _ =>
            {
                await environmentsRead.ConfigureAwait(false);
                return await adminCenter.GetAuthorizedAppsAsync(ct).ConfigureAwait(false);
            }));
            var appName = await appNameRead.ConfigureAwait(false);
            // Without a description, the app's own name: what a person most likely typed on page 9860.
            description ??= BcNames.DefaultDescription(appName, request.ClientId);
            if (_operator.IsAppOnly && run.FirstTime("app-only warning " + appKey))
                log.Warning(
                    $"Signed in as an app: the Business Central admin center only lets a person authorize apps. Ask an admin to add {request.ClientId} under " +
                    "Authorized Microsoft Entra apps in the Business Central admin center, or run Register-ALOpsBcClient signed in as a person.");
            var environments = Resolve(await environmentsRead.ConfigureAwait(false), names, request.AllEnvironments);
            var targets = environments.Select(e => new EnvironmentTarget(_operator.TenantId, e, request.ClientId, description, permissionSets) { AppName = appName }).ToList();

            // Everything is read before the first write, so bad input (an unknown permission set) changes nothing.
            var app = await appRead.ConfigureAwait(false);
            var probe = new RegistrationProbe(_operator, app, run.EnvironmentClients);
            // The environments' reads at the same time: each environment's chain of calls is independent of the others'.
            var states = (await Task.WhenAll(targets.Select(target => probe.ProbeAsync(target, ct))).ConfigureAwait(false)).ToList();
            for (int i = 0; i < targets.Count; i++)
                if (states[i].AmbiguousUsers is { } candidates)
                    throw ApplicationUsers.Ambiguous(targets[i].Environment.Name, targets[i].Description, candidates, targets[i].PageUrl);
            for (int i = 0; i < targets.Count; i++)
                if (NeedsPermissionSets(targets[i], states[i])) await EnsurePermissionSetsExistAsync(run.EnvironmentClients.For(_operator, targets[i]), targets[i], states[i].CompanyId, ct).ConfigureAwait(false);

            var authorization = await run.Authorizations.GetAsync(appKey, _ => AuthorizeAsync(adminCenter, authorizedAppsRead, request.ClientId, ct)).ConfigureAwait(false);
            var authorized = authorization.Authorized;
            var adminCenterChange = authorization.TakeChange();

            var results = new List<EnvironmentRegistrationResult>();
            var steps = new List<PersonSteps.Step>();
            for (int i = 0; i < targets.Count; i++)
            {
                var target = targets[i];
                var result = new EnvironmentRegistrationResult
                {
                    TenantId = _operator.TenantId,
                    ClientId = request.ClientId,
                    Environment = target.Environment.Name,
                    AdminCenterAuthorized = authorized,
                    Url = target.PageUrl,
                };
                if (adminCenterChange != null && results.Count == 0) result.Changes.Add(adminCenterChange);
                if (states[i].Registered != true) steps.Add(new PersonSteps.Step(i, target, Instruction(target)));
                results.Add(result);
            }

            // Every environment's instructions before the first poll, so that a person can do them all in one sitting.
            var registeredMeanwhile = new Dictionary<int, RegistrationState>();
            if (request.Wait && steps.Count > 0)
            {
                log.Warning(PersonSteps.Block(steps, request.Timeout, request.EffectivePollInterval));
                registeredMeanwhile = await PersonSteps.WaitAsync(steps, probe, request, ct).ConfigureAwait(false);
            }
            for (int i = 0; i < targets.Count; i++)
            {
                var step = steps.FirstOrDefault(s => s.Index == i);
                if (step != null && registeredMeanwhile.TryGetValue(i, out var state)) states[i] = state;
                await CompleteAsync(run.EnvironmentClients.For(_operator, targets[i]), targets[i], states[i], request, step, results[i], ct).ConfigureAwait(false);
                log.Verbose($"Environment '{targets[i].Environment.Name}': registered {results[i].Registered}, permission sets {(results[i].PermissionSets.Count == 0 ? "(none)" : string.Join(", ", results[i].PermissionSets))}.");
            }
            return results;
        }

        /// <summary>Fails when the tenant has no such app; returns its display name when Graph could be asked.</summary>
        private async Task<string?> EnsureAppInTenantAsync(BcClientRegistrationRequest request, CancellationToken ct)
        {
            try
            {
                var found = request.RecentlyCreated
                    ? await _ensure.Wait.UntilAsync("Reading the service principal", c => ServicePrincipalLookup.FindAsync(_operator.Graph, request.ClientId, c), ct, shows: sp => sp != null).ConfigureAwait(false)
                    : await ServicePrincipalLookup.FindAsync(_operator.Graph, request.ClientId, ct).ConfigureAwait(false);
                if (found == null)
                    throw new S2SException(S2SErrors.AppNotFound, $"No app with client id {request.ClientId} exists in tenant {_operator.TenantId}.", request.ClientId,
                        "Check the client id and the tenant; create the app with New-ALOpsS2SApp.");
                return found.DisplayName;
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.NoAccessTokenForResource || e.ErrorId == S2SErrors.GraphPermissionDenied)
            {
                S2SLogScope.Current.Verbose($"Cannot check in Microsoft Graph that client id {request.ClientId} exists ({e.ErrorId}); continuing.");
                return null;
            }
        }

        internal static List<BcEnvironment> Resolve(IReadOnlyList<BcEnvironment> all, List<string> names, bool allEnvironments)
        {
            var active = all.Where(e => e.IsActive).ToList();
            var validList = active.Count == 0 ? "(none)" : string.Join(", ", active.Select(e => e.Name));
            if (allEnvironments)
            {
                foreach (var skipped in all.Where(e => !e.IsActive))
                    S2SLogScope.Current.Warning($"Environment '{skipped.Name}' is {skipped.Status}, not Active: skipped.");
                if (active.Count == 0)
                    throw new S2SException(S2SErrors.NoActiveEnvironment, "The tenant has no Active Business Central environment.", null,
                        "Create or recover an environment in the Business Central admin center.");
                return active;
            }
            var resolved = new List<BcEnvironment>();
            foreach (var name in names)
            {
                var match = all.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
                if (match == null)
                    throw new S2SException(S2SErrors.EnvironmentNotFound, $"The tenant has no Business Central environment named '{name}'. Active environments: {validList}.", name,
                        $"Use one of the listed names, or {UserInput.AllEnvironments}.");
                if (!match.IsActive)
                    throw new S2SException(S2SErrors.EnvironmentNotActive, $"Environment '{match.Name}' is {match.Status}, not Active. Active environments: {validList}.", match.Name,
                        "Wait until the environment is Active (Business Central admin center), or pick an Active one.");
                if (!resolved.Contains(match)) resolved.Add(match);
            }
            return resolved;
        }

        private static bool NeedsPermissionSets(EnvironmentTarget target, RegistrationState state)
            => state.AppUser == null || target.PermissionSets.Any(s => !state.PermissionSets.Contains(s, StringComparer.OrdinalIgnoreCase));

        private async Task EnsurePermissionSetsExistAsync(BcEnvironmentClient client, EnvironmentTarget target, string? companyId, CancellationToken ct)
        {
            try
            {
                companyId ??= (await client.GetAutomationCompaniesAsync(ct).ConfigureAwait(false)).FirstOrDefault()?.Id;
                if (companyId == null) return;
                var known = new HashSet<string>(await client.GetPermissionSetIdsAsync(companyId, ct).ConfigureAwait(false), StringComparer.OrdinalIgnoreCase);
                var unknown = target.PermissionSets.Where(s => !known.Contains(s)).ToList();
                if (unknown.Count > 0)
                    throw new S2SException(S2SErrors.UnknownPermissionSet,
                        $"Environment '{target.Environment.Name}' has no permission set {string.Join(", ", unknown.Select(u => "'" + u + "'"))}.", string.Join(",", unknown),
                        "Use permission set ids as the environment's Permission Sets page lists them (e.g. D365 AUTOMATION, EXTEN. MGT. - ADMIN).");
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.BcUnauthorized || e.ErrorId == S2SErrors.BcForbidden)
            {
                S2SLogScope.Current.Verbose($"Cannot list the permission sets of '{target.Environment.Name}' as {_operator.Account}; they are checked when assigned.");
            }
        }

        private async Task<S2SSession?> AppSessionAsync(BcClientRegistrationRequest request, RegistrationRun run, CancellationToken ct)
            => await run.AppSessions.GetAsync(request.AppSignIn!, request.RecentlyCreated || request.CredentialJustAdded, _ensure.Wait, ct).ConfigureAwait(false);

        /// <param name="authorizedAppsRead">The admin center's authorized apps, read ahead; null for an app-only operator.</param>
        private async Task<AdminCenterAuthorization> AuthorizeAsync(AdminCenterClient adminCenter, Task<IReadOnlyList<AuthorizedApp>>? authorizedAppsRead, string clientId, CancellationToken ct)
        {
            if (authorizedAppsRead == null) return new AdminCenterAuthorization(null, null);
            var step = await _ensure.RunAsync(new EnsureStep<bool, bool>(
                read: async _ => (await authorizedAppsRead.ConfigureAwait(false)).Any(a => string.Equals(a.AppId, clientId, StringComparison.OrdinalIgnoreCase)),
                plan: authorized => authorized ? null : new PlannedChange("tenant " + _operator.TenantId, $"Authorize client id {clientId} in the Business Central admin center"),
                apply: async (_, c) =>
                {
                    await adminCenter.AuthorizeAppAsync(clientId, c).ConfigureAwait(false);
                    return true;
                }), ct).ConfigureAwait(false);
            return new AdminCenterAuthorization(!step.Declined, step.Changed ? step.Change!.Action : null);
        }

        /// <summary>What a person enters on the environment's Microsoft Entra Applications page (9860).</summary>
        internal static string Instruction(EnvironmentTarget target)
            => $"In Business Central environment '{target.Environment.Name}', open Microsoft Entra Applications (page 9860): {target.PageUrl} " +
               $"Choose New and enter Client ID = {target.ClientId}, Description = '{target.Description}', State = Enabled; " +
               $"under User Permission Sets add {string.Join(", ", target.PermissionSets)} with Company left empty.";

        /// <summary>The environment's result once registration is settled: what a person must still do, or its permission sets.</summary>
        private async Task CompleteAsync(BcEnvironmentClient client, EnvironmentTarget target, RegistrationState state, BcClientRegistrationRequest request, PersonSteps.Step? step, EnvironmentRegistrationResult result, CancellationToken ct)
        {
            if (state.Registered != true)
            {
                result.TimedOut = request.Wait && step != null;
                if (step != null) result.ActionRequired = step.Instruction + (request.Wait ? PersonSteps.AfterTimeout : PersonSteps.WhenNotWaiting);
                return;
            }

            result.Registered = true;
            result.Working = state.Working;
            if (state.ShownDescription != null)
                S2SLogScope.Current.Warning($"Environment '{target.Environment.Name}' shows the app as '{state.ShownDescription}', not '{target.Description}' (the Description on page 9860).");
            result.PermissionSets.AddRange(state.PermissionSets);
            await AssignMissingPermissionSetsAsync(client, target, state, result, ct).ConfigureAwait(false);
        }

        private async Task AssignMissingPermissionSetsAsync(BcEnvironmentClient client, EnvironmentTarget target, RegistrationState state, EnvironmentRegistrationResult result, CancellationToken ct)
        {
            var manual = $"Assign permission sets {{0}} to the app on page 9860 of '{target.Environment.Name}' ({target.PageUrl}): open the app's card, set State to Disabled, add them under User Permission Sets with Company empty, set State to Enabled.";
            if (state.AppUser == null || state.CompanyId == null)
            {
                if (state.Limitation != null) S2SLogScope.Current.Warning(state.Limitation);
                if (!state.Working) result.ActionRequired = string.Format(manual, string.Join(", ", target.PermissionSets));
                return;
            }
            var notAssigned = new List<string>();
            foreach (var set in target.PermissionSets)
            {
                try
                {
                    // The state is the environment's as the probe read it; AssignAsync answers false when BC shows the set held meanwhile.
                    var step = await _ensure.RunAsync(new EnsureStep<bool, bool>(
                        read: _ => Task.FromResult(state.PermissionSets.Contains(set, StringComparer.OrdinalIgnoreCase)),
                        plan: held => held ? null : new PlannedChange(target.ClientId, $"Assign permission set {set} to the app in '{target.Environment.Name}'"),
                        apply: (_, c) => AssignAsync(client, target, state.CompanyId, state.AppUser.UserSecurityId, set, c))
                    {
                        Made = made => made,
                    }, ct).ConfigureAwait(false);
                    if (step.Declined) notAssigned.Add(set);
                    else if (step.Applied) result.PermissionSets.Add(set);
                    step.RecordIn(result.Changes, null);
                }
                catch (S2SException e) when (e.ErrorId == S2SErrors.BcUnauthorized || e.ErrorId == S2SErrors.BcForbidden)
                {
                    S2SLogScope.Current.Warning($"{_operator.Account} may not assign permission sets in '{target.Environment.Name}' ({e.ServiceErrorCode}).");
                    notAssigned.Add(set);
                }
            }
            if (notAssigned.Count > 0) result.ActionRequired = string.Format(manual, string.Join(", ", notAssigned));
        }

        /// <summary>
        /// Assigns one set; when BC refuses, the re-read decides. Held now (added by hand since the probe, or by a parallel
        /// run: BC answers 409) is success without a change. A role id defined more than once (a tenant copy of a system
        /// set; page 30059 answers "defined multiple times in this context") is assigned again naming the System set's app
        /// id and scope. Returns whether this call made the change.
        /// </summary>
        private static async Task<bool> AssignAsync(BcEnvironmentClient client, EnvironmentTarget target, string companyId, string userSecurityId, string set, CancellationToken ct)
        {
            try
            {
                await client.AddUserPermissionSetAsync(companyId, userSecurityId, set, ct).ConfigureAwait(false);
                return true;
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.BcConflict || DefinedMoreThanOnce(e))
            {
                var held = await client.GetUserPermissionSetsAsync(companyId, userSecurityId, ct).ConfigureAwait(false);
                if (held.Contains(set, StringComparer.OrdinalIgnoreCase))
                {
                    S2SLogScope.Current.Verbose($"Permission set {set} is held in '{target.Environment.Name}' already (BC answered {e.ServiceErrorCode}); nothing to do.");
                    return false;
                }
                if (!DefinedMoreThanOnce(e)) throw;
                var sets = (await client.GetPermissionSetsAsync(companyId, ct).ConfigureAwait(false))
                    .Where(p => string.Equals(p.RoleId, set, StringComparison.OrdinalIgnoreCase)).ToList();
                var system = sets.Where(p => string.Equals(p.Scope, "System", StringComparison.OrdinalIgnoreCase)).ToList();
                if (system.Count != 1 || system[0].AppId == null)
                    throw new S2SException(S2SErrors.PermissionSetAmbiguous, $"Environment '{target.Environment.Name}' defines permission set {set} more than once ({string.Join("; ", sets)}), and no single System one can be told apart.", set,
                        $"Assign the intended {set} on the app's card on page 9860 ({target.PageUrl}), or rename the copy on the Permission Sets page.", e.ServiceErrorCode, e.CorrelationId);
                S2SLogScope.Current.Verbose($"Permission set {set} is defined {sets.Count} times in '{target.Environment.Name}'; assigning {system[0]}.");
                await client.AddUserPermissionSetAsync(companyId, userSecurityId, set, ct, system[0]).ConfigureAwait(false);
                return true;
            }
        }

        private static bool DefinedMoreThanOnce(S2SException e)
            => e.Message.IndexOf("defined multiple times", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
