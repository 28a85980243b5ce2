using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Core.Register;

namespace ALOps.S2S.Core.Unregister
{
    /// <summary>
    /// Takes an app out of a tenant's Business Central: removes its admin center authorization, and tells a person,
    /// per environment, which row to remove on page 9860 (BC has no API for it); optionally waits until BC refuses
    /// the app everywhere. Everything is read before the first write; what is gone already is success.
    /// </summary>
    public sealed class BcClientUnregistrationService
    {
        private readonly S2SSession _operator;
        private readonly Ensure _ensure;
        private readonly UnregistrationRun _run;

        public BcClientUnregistrationService(S2SSession operatorInTenant, IChangeGate gate, UnregistrationRun run)
        {
            _operator = operatorInTenant;
            _ensure = new Ensure(gate);
            _run = run;
        }

        public async Task<IReadOnlyList<EnvironmentUnregistrationResult>> UnregisterAsync(BcClientUnregistrationRequest request, CancellationToken ct)
        {
            var log = S2SLogScope.Current;
            var names = EnvironmentSelection.Check("Unregister-ALOpsBcClient", request.ClientId, request.Environments, request.AllEnvironments, request.Wait, request.Timeout);
            var description = request.Description == null ? null : BcNames.Description(request.Description);

            var appKey = _operator.TenantId + "|" + request.ClientId;
            var reads = _run.Reads;
            var appName = await reads.AppNames.GetAsync(appKey, _ => AppNameAsync(request.ClientId, ct)).ConfigureAwait(false);
            description ??= BcNames.DefaultDescription(appName, request.ClientId);
            var adminCenter = new AdminCenterClient(_operator);
            var environments = BcClientRegistrationService.Resolve(
                await reads.Environments.GetAsync(_operator.TenantId, _ => adminCenter.GetEnvironmentsAsync(ct)).ConfigureAwait(false), names, request.AllEnvironments);
            var targets = environments.Select(e => new EnvironmentTarget(_operator.TenantId, e, request.ClientId, description, Array.Empty<string>()) { AppName = appName }).ToList();

            var app = await AppSessionAsync(request, ct).ConfigureAwait(false);
            // Without the app's name (its service principal is gone) nor -Description, its user cannot be told from
            // others: only the app's own refused call proves it is gone; otherwise "not found" means "not known".
            var userKnown = request.Description != null || appName != null;
            if (!userKnown && app == null && request.Wait)
                throw new S2SException(S2SErrors.AppUserUnknown,
                    $"Tenant {_operator.TenantId} has no app {request.ClientId} (any more), so the name of its user in Business Central is not known and -Wait could not tell when it is removed. Nothing was changed.",
                    request.ClientId, "Give -Description (the app's Description on page 9860), or the app's credential (-ClientSecret, -CertificateThumbprint), with -Wait.");
            var probe = new RegistrationProbe(_operator, app);
            async Task<RegistrationState> ReadAsync(EnvironmentTarget target, CancellationToken c)
            {
                var state = await probe.ProbeAsync(target, c).ConfigureAwait(false);
                if (app == null && !userKnown && state.AppUser == null) state.Registered = null;
                return state;
            }
            var states = new List<RegistrationState>();
            foreach (var target in targets) states.Add(await ReadAsync(target, ct).ConfigureAwait(false));

            // The only write: reads above, so bad input or a refused read changes nothing.
            var removal = await _run.Removals.GetAsync(appKey, _ => RemoveAuthorizationAsync(adminCenter, request.ClientId, ct)).ConfigureAwait(false);
            var change = removal.TakeChange();

            var results = new List<EnvironmentUnregistrationResult>();
            var steps = new List<PersonSteps.Step>();
            for (int i = 0; i < targets.Count; i++)
            {
                var result = new EnvironmentUnregistrationResult
                {
                    TenantId = _operator.TenantId,
                    ClientId = request.ClientId,
                    Environment = targets[i].Environment.Name,
                    AdminCenterAuthorized = removal.Authorized,
                    Url = targets[i].PageUrl,
                };
                if (change != null && i == 0) result.Changes.Add(change);
                if (states[i].Limitation != null) log.Warning(states[i].Limitation!);
                if (StillLetIn(states[i])) steps.Add(new PersonSteps.Step(i, targets[i], Instruction(targets[i], userKnown)));
                else log.Verbose($"Environment '{targets[i].Environment.Name}': the app is not registered (any more).");
                results.Add(result);
            }

            var gone = new HashSet<int>();
            if (request.Wait && steps.Count > 0)
            {
                log.Warning(RemovalSteps.Block(steps, request.Timeout, request.EffectivePollInterval));
                gone = await RemovalSteps.WaitAsync(steps, ReadAsync, request.Timeout, request.EffectivePollInterval, ct).ConfigureAwait(false);
            }
            for (int i = 0; i < targets.Count; i++)
            {
                var step = steps.FirstOrDefault(s => s.Index == i);
                var result = results[i];
                result.Registered = step == null ? false : gone.Contains(i) ? false : states[i].Registered;
                if (step != null && !gone.Contains(i))
                {
                    result.TimedOut = request.Wait;
                    result.ActionRequired = step.Instruction + (request.Wait ? RemovalSteps.AfterTimeout : RemovalSteps.WhenNotWaiting);
                }
                if (removal.ActionRequired != null)
                    result.ActionRequired = result.ActionRequired == null ? removal.ActionRequired : removal.ActionRequired + " " + result.ActionRequired;
            }
            return results;
        }

        /// <summary>Registered, or not known to be gone: a person must look (an unreadable state is never reported as gone).</summary>
        internal static bool StillLetIn(RegistrationState state) => state.Registered != false || state.AmbiguousUsers != null;

        internal static string Instruction(EnvironmentTarget target, bool descriptionKnown)
            => $"In Business Central environment '{target.Environment.Name}', open Microsoft Entra Applications (page 9860): {target.PageUrl} " +
               $"Select the row with Client ID = {target.ClientId}{(descriptionKnown ? $" (Description '{target.Description}')" : string.Empty)}, set State to Disabled and choose Delete. Leave every other row alone.";

        /// <summary>
        /// The app signed in to the tenant, when its credential is given; null when Entra no longer knows it there (its
        /// service principal is gone): then its user in each environment tells whether a page 9860 row is left.
        /// </summary>
        private async Task<S2SSession?> AppSessionAsync(BcClientUnregistrationRequest request, CancellationToken ct)
        {
            if (request.AppSignIn == null) return null;
            try
            {
                return await _run.Reads.AppSessions.GetAsync(request.AppSignIn, false, ReplicationWait.Default, ct).ConfigureAwait(false);
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.ClientNotFound || e.ErrorId == S2SErrors.ServicePrincipalMissing)
            {
                S2SLogScope.Current.Verbose($"The app can no longer sign in to tenant {_operator.TenantId} ({e.ErrorId}); its application users tell what is left on page 9860.");
                return null;
            }
        }

        /// <summary>The app's display name in this tenant (the default Description); null when it is gone or Graph cannot be asked.</summary>
        private async Task<string?> AppNameAsync(string clientId, CancellationToken ct)
        {
            try
            {
                var found = await ServicePrincipalLookup.FindAsync(_operator.Graph, clientId, ct).ConfigureAwait(false);
                if (found == null) S2SLogScope.Current.Verbose($"Tenant {_operator.TenantId} has no service principal for {clientId}; only Business Central is cleaned up.");
                return found?.DisplayName;
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.NoAccessTokenForResource || e.ErrorId == S2SErrors.GraphPermissionDenied)
            {
                S2SLogScope.Current.Verbose($"Cannot read the app's name in Microsoft Graph ({e.ErrorId}); give -Description if it differs from the default.");
                return null;
            }
        }

        private async Task<AdminCenterRemoval> RemoveAuthorizationAsync(AdminCenterClient adminCenter, string clientId, CancellationToken ct)
        {
            var manual = $"In the Business Central admin center ({BcLinks.AdminCenter(_operator.TenantId)}), open Authorized Microsoft Entra apps, select {clientId} and choose Remove (as a {AdminCenterClient.BcAdminRoleNames}).";
            // An app-only sign-in cannot list the authorized apps: it tries the removal (answered 204 when not listed).
            // Read ahead of the step, so that only the removal's refusal falls back to the person's instruction.
            var listed = _operator.IsAppOnly
                || (await adminCenter.GetAuthorizedAppsAsync(ct).ConfigureAwait(false)).Any(a => string.Equals(a.AppId, clientId, StringComparison.OrdinalIgnoreCase));
            var stillAuthorized = _operator.IsAppOnly ? (bool?)null : true;
            StepOutcome<bool, bool> removal;
            try
            {
                removal = await _ensure.RunAsync(new EnsureStep<bool, bool>(
                    read: _ => Task.FromResult(listed),
                    plan: authorized => authorized ? new PlannedChange("tenant " + _operator.TenantId, $"Remove client id {clientId} from Authorized Microsoft Entra apps in the Business Central admin center") : null,
                    apply: async (_, c) =>
                    {
                        await adminCenter.RemoveAppAsync(clientId, c).ConfigureAwait(false);
                        return true;
                    }), ct).ConfigureAwait(false);
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.BcAdminRoleRequired)
            {
                S2SLogScope.Current.Warning($"The Business Central admin center refused {_operator.Account} to remove the app ({e.ServiceErrorCode}). {manual}");
                return new AdminCenterRemoval(stillAuthorized, null, manual);
            }
            switch (removal.Status)
            {
                case StepStatus.InState:
                    S2SLogScope.Current.Verbose($"Client id {clientId} is not authorized in the admin center of tenant {_operator.TenantId} (any more).");
                    return new AdminCenterRemoval(false, null, null);
                case StepStatus.Declined:
                    return new AdminCenterRemoval(stillAuthorized, null, null);
                default:
                    return new AdminCenterRemoval(false, removal.Change!.Action, null);
            }
        }
    }
}
