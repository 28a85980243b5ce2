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
        private readonly IChangeGate _gate;

        /// <param name="operatorInTenant">The operator acting in the tenant to remove the app from.</param>
        public AppRemovalService(S2SSession operatorInTenant, IChangeGate gate)
        {
            _operator = operatorInTenant;
            _gate = gate;
        }

        public async Task<AppRemovalResult> RemoveAsync(string clientId, CancellationToken ct)
        {
            var log = S2SLogScope.Current;
            var tenant = _operator.TenantId;
            if (string.Equals(_operator.ClientId, clientId, StringComparison.OrdinalIgnoreCase))
                throw new S2SException(S2SErrors.OperatorAppNotRemovable, $"Client id {clientId} is the app this connection signs in with; it is not removed.", clientId,
                    "Connect-ALOpsS2S with another identity if this app really must go, or check the client id.");

            var app = await FindApplicationAsync(clientId, ct).ConfigureAwait(false);
            var principal = await ServicePrincipalLookup.FindAsync(_operator.Graph, clientId, ct, PrincipalFields).ConfigureAwait(false);
            var owner = principal?.AppOwnerOrganizationId?.ToString("D");
            var name = app?.DisplayName ?? principal?.DisplayName;
            var result = new AppRemovalResult { TenantId = tenant, ClientId = clientId, DisplayName = name, HomeTenantId = app != null ? tenant : owner };

            if (string.Equals(owner, MicrosoftServicesTenantId, StringComparison.OrdinalIgnoreCase))
                throw new S2SException(S2SErrors.FirstPartyAppNotRemovable, $"'{name}' ({clientId}) is a Microsoft app; it is never removed.", clientId, "Check the client id: give the client id of your own S2S app.");
            if (string.Equals(principal?.ServicePrincipalType, "ManagedIdentity", StringComparison.OrdinalIgnoreCase))
                throw new S2SException(S2SErrors.ManagedIdentityNotRemovable, $"'{name}' ({clientId}) is a managed identity; Azure removes it with its resource.", clientId,
                    "Remove the user-assigned identity, or turn off the resource's system-assigned identity, in Azure.");

            if (app?.Id != null)
                return await DeleteAsync(result, AppRemovalKind.Application, $"Delete the app registration '{name}' ({clientId}) and its service principal in tenant {tenant}: it stops working in every tenant",
                    c => _operator.Graph.Applications[app.Id].DeleteAsync(cancellationToken: c), ct).ConfigureAwait(false);
            if (principal?.Id != null)
            {
                if (owner == null || string.Equals(owner, tenant, StringComparison.OrdinalIgnoreCase))
                    throw new S2SException(S2SErrors.AppRegistrationNotVisible, $"Tenant {tenant} holds a service principal for {clientId} owned by this tenant, but {_operator.Account} cannot see its app registration. Nothing was removed.", clientId,
                        "Connect-ALOpsS2S as an Application Administrator (or Cloud Application Administrator) of the tenant and run the command again.");
                return await DeleteAsync(result, AppRemovalKind.ServicePrincipal,
                    $"Delete the service principal of '{name}' ({clientId}) in tenant {tenant} (the app stays registered in its home tenant {owner})",
                    c => _operator.Graph.ServicePrincipals[principal.Id].DeleteAsync(cancellationToken: c), ct).ConfigureAwait(false);
            }

            result.AlreadyGone = true;
            log.Verbose($"Tenant {tenant} has no app registration and no service principal with client id {clientId}: nothing to remove (already gone).");
            return result;
        }

        private async Task<AppRemovalResult> DeleteAsync(AppRemovalResult result, AppRemovalKind kind, string action, Func<CancellationToken, Task> delete, CancellationToken ct)
        {
            if (!await _gate.ApproveAsync(result.ClientId, action).ConfigureAwait(false))
            {
                result.SkippedChange = action;
                return result;
            }
            try
            {
                await delete(ct).ConfigureAwait(false);
                result.Removed = kind;
                S2SLogScope.Current.Verbose(action.Replace("Delete the", "Deleted the"));
            }
            catch (ODataError error) when (GraphErrors.IsNotFound(error))
            {
                // Deleted meanwhile (a parallel run): the end state is what was asked for.
                result.AlreadyGone = true;
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, kind == AppRemovalKind.Application ? "delete the app registration" : "delete the service principal", result.ClientId);
            }
            return result;
        }

        private async Task<Application?> FindApplicationAsync(string clientId, CancellationToken ct)
        {
            try
            {
                return await _operator.Graph.ApplicationsWithAppId(clientId).GetAsync(rc => rc.QueryParameters.Select = AppFields, ct).ConfigureAwait(false);
            }
            catch (ODataError error) when (GraphErrors.IsNotFound(error))
            {
                return null;
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "read the app registration", clientId);
            }
        }
    }
}
