using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.RemoveApp
{
    /// <summary>
    /// Deletes an app from one tenant: in its home tenant the app registration (DELETE /applications/{id}, which
    /// takes its service principal along), in a tenant it is only consented in just its service principal there
    /// (DELETE /servicePrincipals/{id}). Never a Microsoft app, a managed identity or the operator's own app. Both are
    /// read before anything is deleted; an app already gone is success.
    /// </summary>
    public sealed class AppRemovalService
    {
        /// <summary>The tenant that owns Microsoft's first-party apps (appOwnerOrganizationId of their service principals).</summary>
        public const string MicrosoftServicesTenantId = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

        private static readonly string[] AppFields = { "id", "appId", "displayName" };
        private static readonly string[] PrincipalFields = { "id", "appId", "displayName", "appOwnerOrganizationId", "servicePrincipalType" };

        private readonly S2SSession _operator;
        private readonly Ensure _ensure;

        /// <param name="operatorInTenant">The operator acting in the tenant to remove the app from.</param>
        public AppRemovalService(S2SSession operatorInTenant, IChangeGate gate)
        {
            _operator = operatorInTenant;
            _ensure = new Ensure(gate);
        }

        public async Task<AppRemovalResult> RemoveAsync(string clientId, CancellationToken ct)
        {
            var log = S2SLogScope.Current;
            var tenant = _operator.TenantId;
            if (string.Equals(_operator.ClientId, clientId, StringComparison.OrdinalIgnoreCase))
                throw new S2SException(S2SErrors.OperatorAppNotRemovable, $"Client id {clientId} is the app this connection signs in with; it is not removed.", clientId,
                    "Connect-ALOpsS2S with another identity if this app really must go, or check the client id.");

            var step = await _ensure.RunAsync(new EnsureStep<FoundApp, bool>(
                read: async c => new FoundApp(
                    await FindApplicationAsync(clientId, c).ConfigureAwait(false),
                    await ServicePrincipalLookup.FindAsync(_operator.Graph, clientId, c, PrincipalFields).ConfigureAwait(false)),
                plan: found => PlanRemoval(found, clientId),
                apply: (found, c) => DeleteAsync(found, clientId, c))
            {
                Made = deleted => deleted,
            }, ct).ConfigureAwait(false);

            var app = step.State;
            var result = new AppRemovalResult { TenantId = tenant, ClientId = clientId, DisplayName = app.Name, HomeTenantId = app.Application != null ? tenant : app.Owner };
            switch (step.Status)
            {
                case StepStatus.InState:
                    result.AlreadyGone = true;
                    log.Verbose($"Tenant {tenant} has no app registration and no service principal with client id {clientId}: nothing to remove (already gone).");
                    break;
                case StepStatus.Declined:
                    result.SkippedChange = step.Change!.Action;
                    break;
                case StepStatus.Changed:
                    result.Removed = app.Kind;
                    log.Verbose(step.Change!.Action.Replace("Delete the", "Deleted the"));
                    break;
                case StepStatus.MadeMeanwhile:
                    // Deleted meanwhile (a parallel run): the end state is what was asked for.
                    result.AlreadyGone = true;
                    break;
            }
            return result;
        }

        /// <summary>The app registration and the service principal a client id has in this tenant, either or both null.</summary>
        private sealed class FoundApp
        {
            public FoundApp(Application? application, ServicePrincipal? principal)
            {
                Application = application;
                Principal = principal;
            }

            public Application? Application { get; }
            public ServicePrincipal? Principal { get; }
            public string? Owner => Principal?.AppOwnerOrganizationId?.ToString("D");
            public string? Name => Application?.DisplayName ?? Principal?.DisplayName;
            /// <summary>What deleting removes: the registration where it is visible, else the service principal.</summary>
            public AppRemovalKind Kind => Application?.Id != null ? AppRemovalKind.Application : Principal?.Id != null ? AppRemovalKind.ServicePrincipal : AppRemovalKind.None;
        }

        /// <summary>The deletion the tenant calls for (null: nothing left); refuses Microsoft apps, managed identities and a registration it cannot see, before anything is deleted.</summary>
        private PlannedChange? PlanRemoval(FoundApp app, string clientId)
        {
            var tenant = _operator.TenantId;
            if (string.Equals(app.Owner, MicrosoftServicesTenantId, StringComparison.OrdinalIgnoreCase))
                throw new S2SException(S2SErrors.FirstPartyAppNotRemovable, $"'{app.Name}' ({clientId}) is a Microsoft app; it is never removed.", clientId, "Check the client id: give the client id of your own S2S app.");
            if (string.Equals(app.Principal?.ServicePrincipalType, "ManagedIdentity", StringComparison.OrdinalIgnoreCase))
                throw new S2SException(S2SErrors.ManagedIdentityNotRemovable, $"'{app.Name}' ({clientId}) is a managed identity; Azure removes it with its resource.", clientId,
                    "Remove the user-assigned identity, or turn off the resource's system-assigned identity, in Azure.");

            switch (app.Kind)
            {
                case AppRemovalKind.Application:
                    return new PlannedChange(clientId, $"Delete the app registration '{app.Name}' ({clientId}) and its service principal in tenant {tenant}: it stops working in every tenant");
                case AppRemovalKind.ServicePrincipal:
                    if (app.Owner == null || string.Equals(app.Owner, tenant, StringComparison.OrdinalIgnoreCase))
                        throw new S2SException(S2SErrors.AppRegistrationNotVisible, $"Tenant {tenant} holds a service principal for {clientId} owned by this tenant, but {_operator.Account} cannot see its app registration. Nothing was removed.", clientId,
                            "Connect-ALOpsS2S as an Application Administrator (or Cloud Application Administrator) of the tenant and run the command again.");
                    return new PlannedChange(clientId, $"Delete the service principal of '{app.Name}' ({clientId}) in tenant {tenant} (the app stays registered in its home tenant {app.Owner})");
                default:
                    return null;
            }
        }

        /// <summary>Deletes what the plan named; false when it was gone already (a parallel run).</summary>
        private async Task<bool> DeleteAsync(FoundApp app, string clientId, CancellationToken ct)
        {
            var kind = app.Kind;
            try
            {
                if (kind == AppRemovalKind.Application) await _operator.Graph.Applications[app.Application!.Id].DeleteAsync(cancellationToken: ct).ConfigureAwait(false);
                else await _operator.Graph.ServicePrincipals[app.Principal!.Id].DeleteAsync(cancellationToken: ct).ConfigureAwait(false);
                return true;
            }
            catch (ODataError error) when (GraphErrors.IsNotFound(error))
            {
                return false;
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, kind == AppRemovalKind.Application ? "delete the app registration" : "delete the service principal", clientId);
            }
        }

        private Task<Application?> FindApplicationAsync(string clientId, CancellationToken ct)
            => ApplicationLookup.FindAsync(_operator.Graph, clientId, AppFields, "read the app registration", ct);
    }
}
