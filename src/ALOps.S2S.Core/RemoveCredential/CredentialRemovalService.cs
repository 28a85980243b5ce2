using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph.Applications.Item.RemovePassword;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.RemoveCredential
{
    /// <summary>
    /// Removes an app's credentials in its home tenant: secrets by removePassword, certificates by writing back
    /// the other keyCredentials, federated credentials by DELETE. Everything is read and checked before the first
    /// write; a credential already gone is success; the last valid credential stays unless forced.
    /// </summary>
    public sealed class CredentialRemovalService
    {
        private readonly S2SSession _operator;
        private readonly Ensure _ensure;
        private readonly Func<DateTimeOffset> _now;

        /// <param name="operatorInTenant">The operator acting in the row's tenant: the app's home tenant or one it is consented in.</param>
        public CredentialRemovalService(S2SSession operatorInTenant, IChangeGate gate, Func<DateTimeOffset>? now = null)
        {
            _operator = operatorInTenant;
            _ensure = new Ensure(gate);
            _now = now ?? (() => DateTimeOffset.UtcNow);
        }

        public async Task<CredentialRemovalResult> RemoveAsync(CredentialRemovalRequest request, CancellationToken ct)
        {
            if (!request.Expired && request.KeepLatest == null && request.KeyIds.Count == 0)
                throw new S2SException(S2SErrors.CredentialSelectorRequired, $"No credential was named: give {UserInput.KeyIds}, {UserInput.Expired} or {UserInput.KeepLatest}.", request.ClientId,
                    $"For example: Remove-ALOpsS2SCredential {UserInput.ClientId} <id> {UserInput.Expired}.");
            if (request.KeepLatest < 0)
                throw new S2SException(S2SErrors.InvalidKeepLatest, $"{UserInput.KeepLatest} {request.KeepLatest} is negative.", request.KeepLatest.ToString(), "Give the number of newest credentials of each kind to keep, e.g. 1.");

            var now = _now();
            var result = new CredentialRemovalResult();
            var outcome = await _ensure.RunEachAsync(new EnsureEachStep<(S2SSession Home, AppRegistrationCredentials App), AppCredentialInfo>(
                read: c => FindAppAsync(request.ClientId, c),
                plan: found =>
                {
                    result.TenantId = found.App.TenantId;
                    result.ClientId = found.App.ClientId;
                    result.DisplayName = found.App.DisplayName;
                    var (remove, gone) = CredentialSelection.Select(found.App.Credentials, request, now);
                    CredentialSelection.EnsureOneStaysValid(found.App.Credentials, remove, request.Force, request.ClientId, now);
                    result.AlreadyGone.AddRange(gone);
                    foreach (var keyId in gone) S2SLogScope.Current.Verbose($"Credential {keyId} of {found.App.ClientId} is already gone.");
                    return remove.Select(credential => new Planned<AppCredentialInfo>(credential,
                        new PlannedChange(found.App.ClientId, $"Remove {Describe(credential)} from '{found.App.DisplayName}' ({found.App.ClientId})"))).ToList();
                },
                apply: (found, approved, c) => RemoveApprovedAsync(found.Home, found.App, approved, result, c)), ct).ConfigureAwait(false);

            var app = outcome.State.App;
            result.SkippedChanges.AddRange(outcome.Declined.Select(change => change.Action));
            result.Remaining.AddRange(app.Credentials.Where(c => !result.Removed.Contains(c) && !result.AlreadyGone.Contains(c.KeyId)));
            return result;
        }

        /// <summary>Secrets one by one (removePassword), certificates together (one PATCH of the collection), federated credentials one by one.</summary>
        private async Task RemoveApprovedAsync(S2SSession home, AppRegistrationCredentials app, IReadOnlyList<AppCredentialInfo> approved, CredentialRemovalResult result, CancellationToken ct)
        {
            foreach (var secret in approved.Where(c => c.Kind == CredentialKind.Secret))
                await RemoveSecretAsync(home, app, secret, result, ct).ConfigureAwait(false);
            var certificates = approved.Where(c => c.Kind == CredentialKind.Certificate).ToList();
            if (certificates.Count > 0) await RemoveCertificatesAsync(home, app, certificates, result, ct).ConfigureAwait(false);
            foreach (var federated in approved.Where(c => c.Kind == CredentialKind.Federated))
                await RemoveFederatedAsync(home, app, federated, result, ct).ConfigureAwait(false);
        }

        /// <summary>The app's registration and the operator in the tenant that holds it: the row's tenant, else the service principal's owner.</summary>
        private async Task<(S2SSession Home, AppRegistrationCredentials App)> FindAppAsync(string clientId, CancellationToken ct)
        {
            var here = await AppCredentialReader.ReadAsync(_operator, clientId, ct).ConfigureAwait(false);
            if (here != null) return (_operator, here);
            var sp = await ServicePrincipalLookup.FindAsync(_operator.Graph, clientId, ct, "id", "appId", "displayName", "appOwnerOrganizationId", "servicePrincipalType").ConfigureAwait(false);
            if (string.Equals(sp?.ServicePrincipalType, "ManagedIdentity", StringComparison.OrdinalIgnoreCase))
            {
                // Azure holds and rotates a managed identity's credentials: there is nothing here to remove.
                S2SLogScope.Current.Verbose($"{clientId} is a managed identity; it has no credentials to remove.");
                return (_operator, new AppRegistrationCredentials(_operator.TenantId, string.Empty, clientId, sp!.DisplayName ?? string.Empty, null, Array.Empty<AppCredentialInfo>()));
            }
            var owner = sp?.AppOwnerOrganizationId?.ToString("D");
            if (owner != null && !string.Equals(owner, _operator.TenantId, StringComparison.OrdinalIgnoreCase))
            {
                S2SLogScope.Current.Verbose($"App {clientId} is registered in tenant {owner}; its credentials are removed there.");
                var home = await _operator.ForTenantAsync(owner, ct).ConfigureAwait(false);
                var there = await AppCredentialReader.ReadAsync(home, clientId, ct).ConfigureAwait(false);
                if (there != null) return (home, there);
            }
            throw new S2SException(S2SErrors.AppNotFound, $"No app registration with client id {clientId} is visible in tenant {_operator.TenantId}{(owner == null ? string.Empty : " nor in its home tenant " + owner)}.", clientId,
                "Check the client id; connect an operator who can manage the app in the tenant where it is registered.");
        }

        private async Task RemoveSecretAsync(S2SSession home, AppRegistrationCredentials app, AppCredentialInfo secret, CredentialRemovalResult result, CancellationToken ct)
        {
            try
            {
                await home.Graph.Applications[app.ObjectId].RemovePassword.PostAsync(new RemovePasswordPostRequestBody { KeyId = Guid.Parse(secret.KeyId) }, cancellationToken: ct).ConfigureAwait(false);
                Removed(result, secret);
            }
            catch (ODataError error) when (error.ResponseStatusCode == 400 || error.ResponseStatusCode == 404)
            {
                // Removed meanwhile (a parallel run): the end state is what was asked for. Anything else is a real failure.
                if (await StillThereAsync(home, app, secret, ct).ConfigureAwait(false)) throw GraphErrors.Describe(error, "remove the client secret " + secret.KeyId, app.ClientId);
                result.AlreadyGone.Add(secret.KeyId);
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "remove the client secret " + secret.KeyId, app.ClientId);
            }
        }

        private static async Task RemoveCertificatesAsync(S2SSession home, AppRegistrationCredentials app, List<AppCredentialInfo> certificates, CredentialRemovalResult result, CancellationToken ct)
        {
            try
            {
                var current = await home.Graph.Applications[app.ObjectId].GetAsync(rc => rc.QueryParameters.Select = new[] { "keyCredentials" }, ct).ConfigureAwait(false);
                var keys = current?.KeyCredentials ?? new List<KeyCredential>();
                var drop = new HashSet<string>(certificates.Select(c => c.KeyId), StringComparer.OrdinalIgnoreCase);
                // PATCH replaces the collection: send back the others by keyId, without their key material (Graph keeps it).
                var keep = keys.Where(k => k.KeyId != null && !drop.Contains(k.KeyId.Value.ToString("D"))).Select(k => new KeyCredential
                {
                    KeyId = k.KeyId,
                    Type = k.Type,
                    Usage = k.Usage,
                    DisplayName = k.DisplayName,
                    CustomKeyIdentifier = k.CustomKeyIdentifier,
                    StartDateTime = k.StartDateTime,
                    EndDateTime = k.EndDateTime,
                }).ToList();
                var present = keys.Where(k => k.KeyId != null).Select(k => k.KeyId!.Value.ToString("D")).ToList();
                if (keep.Count < keys.Count)
                    await home.Graph.Applications[app.ObjectId].PatchAsync(new Application { KeyCredentials = keep }, cancellationToken: ct).ConfigureAwait(false);
                foreach (var certificate in certificates)
                {
                    if (present.Contains(certificate.KeyId, StringComparer.OrdinalIgnoreCase)) Removed(result, certificate);
                    else result.AlreadyGone.Add(certificate.KeyId);
                }
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "remove certificates " + string.Join(", ", certificates.Select(c => c.KeyId)), app.ClientId);
            }
        }

        private static async Task RemoveFederatedAsync(S2SSession home, AppRegistrationCredentials app, AppCredentialInfo federated, CredentialRemovalResult result, CancellationToken ct)
        {
            try
            {
                await home.Graph.Applications[app.ObjectId].FederatedIdentityCredentials[federated.KeyId].DeleteAsync(cancellationToken: ct).ConfigureAwait(false);
                Removed(result, federated);
            }
            catch (ODataError error) when (GraphErrors.IsNotFound(error))
            {
                result.AlreadyGone.Add(federated.KeyId);
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "remove the federated credential " + federated.DisplayName, app.ClientId);
            }
        }

        private static async Task<bool> StillThereAsync(S2SSession home, AppRegistrationCredentials app, AppCredentialInfo credential, CancellationToken ct)
        {
            var now = await AppCredentialReader.ReadAsync(home, app.ClientId, ct).ConfigureAwait(false);
            return now != null && now.Credentials.Any(c => string.Equals(c.KeyId, credential.KeyId, StringComparison.OrdinalIgnoreCase));
        }

        private static void Removed(CredentialRemovalResult result, AppCredentialInfo credential)
        {
            result.Removed.Add(credential);
            result.Changes.Add("Removed " + Describe(credential));
            S2SLogScope.Current.Verbose($"Removed {Describe(credential)} of {result.ClientId}.");
        }

        private static string Describe(AppCredentialInfo c)
        {
            var kind = c.Kind == CredentialKind.Secret ? "client secret" : c.Kind == CredentialKind.Certificate ? "certificate" : "federated credential";
            var name = string.IsNullOrEmpty(c.DisplayName) ? string.Empty : $" '{c.DisplayName}'";
            var end = c.End == null ? string.Empty : $", end {c.End:yyyy-MM-dd}";
            return $"{kind} {c.KeyId}{name}{end}";
        }
    }
}
