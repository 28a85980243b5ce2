using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Diagnostics;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;

namespace ALOps.S2S.Core.Test
{
    /// <summary>
    /// What the doctor checks when the app's own credential is not at hand (a re-run of New-ALOpsS2SApp emits no
    /// secret): as the operator, whether the admin center lists the app, and whether each environment has it
    /// registered with its permission sets. The checks that need the app to sign in are skipped with the fix.
    /// </summary>
    internal static class OperatorViewChecks
    {
        public static async Task<AppCheck> CheckAppAsync(List<CheckResult> results, DoctorRequest request, CancellationToken ct)
        {
            var clientId = request.AppSignIn.ClientId ?? string.Empty;
            var tenant = request.AppSignIn.Tenant ?? string.Empty;
            var op = request.Operator;
            string? appName = null;
            if (op != null)
            {
                try { appName = (await ServicePrincipalLookup.FindAsync(op.Graph, clientId, ct).ConfigureAwait(false))?.DisplayName; }
                catch (Exception e) when (!(e is OperationCanceledException)) { /* the name only makes the fix and the description exact */ }
            }
            var fix = SignInFix(clientId, appName);
            foreach (var check in new[] { DoctorChecks.TokenForBusinessCentral, DoctorChecks.RolesInToken, DoctorChecks.CredentialExpiry })
                results.Add(new CheckResult(check, clientId, CheckStatus.Skipped) { Cause = NoCredential, Fix = fix });

            IReadOnlyList<BcEnvironment>? environments = null;
            if (op == null)
                S2SDoctor.Skip(results, DoctorChecks.AdminCenterAuthorized, tenant, NoOperator);
            else if (op.IsAppOnly)
                S2SDoctor.Skip(results, DoctorChecks.AdminCenterAuthorized, op.TenantId, $"{op.Account} signed in as an app: only a person can read the admin center's authorized apps.");
            else
                await S2SDoctor.RunCheck(results, DoctorChecks.AdminCenterAuthorized, op.TenantId, async r =>
                {
                    var adminCenter = new AdminCenterClient(op);
                    var authorized = await adminCenter.GetAuthorizedAppsAsync(ct).ConfigureAwait(false);
                    environments = await adminCenter.GetEnvironmentsAsync(ct).ConfigureAwait(false);
                    if (authorized.Any(a => string.Equals(a.AppId, clientId, StringComparison.OrdinalIgnoreCase)))
                        r.Cause = $"Listed under Authorized Microsoft Entra apps (seen as {op.Account}).";
                    else
                        S2SDoctor.Explain(r, SymptomCatalogue.AdminCenterNotAuthorized(clientId, op.TenantId));
                }).ConfigureAwait(false);

            return new AppCheck(results, null, new HashSet<string>(), environments, NoCredential)
            {
                WithoutCredential = new AppCheck.OperatorView(BcNames.DefaultDescription(appName, clientId), fix),
            };
        }

        public static async Task CheckEnvironmentAsync(List<CheckResult> results, DoctorRequest request, AppCheck app, string environment, CancellationToken ct)
        {
            var view = app.WithoutCredential!;
            var op = request.Operator;
            var clientId = request.AppSignIn.ClientId ?? string.Empty;
            if (op == null)
            {
                S2SDoctor.Skip(results, DoctorChecks.Registered, environment, NoOperator);
                S2SDoctor.Skip(results, DoctorChecks.PermissionSets, environment, NoOperator);
            }
            else
            {
                RegistrationState? state = null;
                EnvironmentTarget? target = null;
                var registered = await S2SDoctor.RunCheck(results, DoctorChecks.Registered, environment, async r =>
                {
                    var known = app.Environments ?? await new AdminCenterClient(op).GetEnvironmentsAsync(ct).ConfigureAwait(false);
                    var bc = known.FirstOrDefault(e => string.Equals(e.Name, environment, StringComparison.OrdinalIgnoreCase))
                        ?? throw new S2SException(S2SErrors.EnvironmentNotFound, $"The tenant has no Business Central environment named '{environment}'.", environment, "Check the name; Register-ALOpsBcClient -AllEnvironments lists them.");
                    target = new EnvironmentTarget(op.TenantId, bc, clientId, view.Description, BcNames.DefaultPermissionSets);
                    state = await new RegistrationProbe(op, null).ProbeAsync(target, ct).ConfigureAwait(false);
                    if (state.Registered == true) r.Cause = $"Registered on page 9860 (seen as {op.Account}).";
                    else if (state.Registered == false) S2SDoctor.Explain(r, SymptomCatalogue.AppNotRegisteredInEnvironment(environment, clientId, target.PageUrl));
                    else
                    {
                        r.Status = CheckStatus.Skipped;
                        r.Cause = state.Limitation ?? $"{op.Account} cannot tell whether the app is registered.";
                    }
                }).ConfigureAwait(false);

                if (registered.Status != CheckStatus.Pass || state?.AppUser == null)
                    S2SDoctor.Skip(results, DoctorChecks.PermissionSets, environment,
                        registered.Status == CheckStatus.Pass ? state?.Limitation ?? "The app's user was not found." : "The app is not registered here (see Registered).");
                else
                    await S2SDoctor.RunCheck(results, DoctorChecks.PermissionSets, environment, r =>
                    {
                        var missing = target!.PermissionSets.Where(s => !state.PermissionSets.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
                        if (missing.Count == 0) r.Cause = "Permission sets: " + string.Join(", ", state.PermissionSets) + ".";
                        else S2SDoctor.Explain(r, SymptomCatalogue.PermissionSetMissing(environment, "automation", string.Join(", ", missing), target.PageUrl));
                        return Task.CompletedTask;
                    }).ConfigureAwait(false);
            }
            foreach (var check in new[] { DoctorChecks.StandardApi, DoctorChecks.AutomationApi, DoctorChecks.ExtensionManagement })
                results.Add(new CheckResult(check, environment, CheckStatus.Skipped) { Cause = NoCredential, Fix = view.Fix });
        }

        private const string NoCredential = "Not checked: no credential of the app was given, and only the app itself can sign in as the app.";
        private const string NoOperator = "Not checked: no operator is connected (Connect-ALOpsS2S).";

        private static string SignInFix(string clientId, string? appName)
            => "Give the app's credential: -ClientSecret (SecureString), -Certificate, -CertificateThumbprint, -CertificatePath or -FederatedToken; "
               + $"or get a new secret and pipe it on: New-ALOpsS2SApp {(appName != null ? "-DisplayName '" + appName.Replace("'", "''") + "'" : "-ClientId " + clientId)} -NewSecret | Test-ALOpsS2S. "
               + "A re-run of New-ALOpsS2SApp emits no secret: a secret's value cannot be read back.";
    }
}
