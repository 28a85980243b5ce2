using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.GetApp
{
    /// <summary>
    /// Reads the state of apps in one tenant: credentials (from the app's home tenant), Business Central roles,
    /// single- or multitenant, admin center authorization and, when asked, registration and permission sets per
    /// environment. Reads only.
    /// </summary>
    public sealed class AppInventoryService
    {
        private static readonly string[] ServicePrincipalFields = { "id", "appId", "displayName", "signInAudience", "appOwnerOrganizationId", "servicePrincipalType" };

        private readonly S2SSession _operator;
        private readonly AppInventoryRun _run;

        /// <param name="operatorInTenant">The operator acting in the tenant to read.</param>
        /// <param name="run">Shared by the rows of one command; null: this service's own.</param>
        public AppInventoryService(S2SSession operatorInTenant, AppInventoryRun? run = null)
        {
            _operator = operatorInTenant;
            _run = run ?? new AppInventoryRun();
        }

        public async Task<IReadOnlyList<AppInventoryEntry>> ReadAsync(AppInventoryRequest request, CancellationToken ct)
        {
            var environments = request.Environments.Select(BcNames.Environment).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var tenant = _operator.TenantId;
            var grants = await _run.Grants.GetAsync(tenant, _ => BusinessCentralGrants.ReadAsync(_operator, ct)).ConfigureAwait(false);
            var entries = new List<AppInventoryEntry>();
            foreach (var sp in await FindServicePrincipalsAsync(request, grants, ct).ConfigureAwait(false))
                entries.Add(await DescribeAsync(sp, grants, ct).ConfigureAwait(false));
            if (entries.Count == 0 && request.ClientId != null)
                entries.Add(await RegistrationWithoutServicePrincipalAsync(request.ClientId, ct).ConfigureAwait(false));
            if (entries.Count == 0 && request.DisplayName != null)
                throw new S2SException(S2SErrors.AppNotFound, $"Tenant {tenant} has no app named '{request.DisplayName}'.", request.DisplayName,
                    "Check the display name (it must match exactly) or give -ClientId; run Get-ALOpsS2SApp without either to list every app holding Business Central permissions.");

            if (entries.Count > 0 && (request.AllEnvironments || environments.Count > 0))
            {
                var known = await _run.Environments.GetAsync(tenant, _ => new AdminCenterClient(_operator).GetEnvironmentsAsync(ct)).ConfigureAwait(false);
                var targets = Resolve(known, environments, request.AllEnvironments);
                foreach (var entry in entries.Where(e => e.ServicePrincipalId != null))
                    entry.Environments = await ReadEnvironmentsAsync(entry, targets, ct).ConfigureAwait(false);
            }
            S2SLogScope.Current.Verbose($"Tenant {tenant}: {entries.Count} app(s) read.");
            return entries;
        }

        private async Task<IReadOnlyList<ServicePrincipal>> FindServicePrincipalsAsync(AppInventoryRequest request, BusinessCentralGrants grants, CancellationToken ct)
        {
            var graph = _operator.Graph;
            try
            {
                if (request.ClientId != null)
                {
                    var one = await ServicePrincipalLookup.FindAsync(graph, request.ClientId, ct, ServicePrincipalFields).ConfigureAwait(false);
                    return one == null ? Array.Empty<ServicePrincipal>() : new[] { one };
                }
                if (request.DisplayName != null)
                {
                    var named = await graph.ServicePrincipals.GetAsync(rc =>
                    {
                        rc.QueryParameters.Filter = $"displayName eq '{request.DisplayName.Replace("'", "''")}'";
                        rc.QueryParameters.Select = ServicePrincipalFields;
                        rc.QueryParameters.Top = 999;
                    }, ct).ConfigureAwait(false);
                    return named?.Value ?? new List<ServicePrincipal>();
                }
                var holders = new List<ServicePrincipal>();
                foreach (var id in grants.Principals)
                {
                    var sp = await graph.ServicePrincipals[id].GetAsync(rc => rc.QueryParameters.Select = ServicePrincipalFields, ct).ConfigureAwait(false);
                    if (sp != null) holders.Add(sp);
                }
                return holders.OrderBy(s => s.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "read the apps' service principals", request.ClientId ?? request.DisplayName ?? _operator.TenantId);
            }
        }

        private async Task<AppInventoryEntry> DescribeAsync(ServicePrincipal sp, BusinessCentralGrants grants, CancellationToken ct)
        {
            var clientId = sp.AppId ?? string.Empty;
            var entry = new AppInventoryEntry
            {
                TenantId = _operator.TenantId,
                ClientId = clientId,
                DisplayName = sp.DisplayName ?? string.Empty,
                ServicePrincipalId = sp.Id,
                ServicePrincipalType = sp.ServicePrincipalType,
                SignInAudience = sp.SignInAudience,
                HomeTenantId = sp.AppOwnerOrganizationId?.ToString("D"),
                BusinessCentralRoles = grants.RolesOf(sp.Id),
            };
            if (string.Equals(sp.ServicePrincipalType, "ManagedIdentity", StringComparison.OrdinalIgnoreCase))
            {
                entry.CredentialNote = "A managed identity: Azure holds and rotates its credentials.";
                entry.Credentials = Array.Empty<AppCredentialInfo>();
            }
            else if (entry.HomeTenantId != null)
            {
                var home = await _run.Credentials.GetAsync(entry.HomeTenantId + "|" + clientId, _ => ReadHomeCredentialsAsync(entry.HomeTenantId, clientId, ct)).ConfigureAwait(false);
                entry.Credentials = home.App?.Credentials;
                entry.CredentialNote = home.Note;
                if (home.App?.SignInAudience != null) entry.SignInAudience = home.App.SignInAudience;
            }
            else
            {
                entry.CredentialNote = "The service principal names no owning tenant; its credentials are not known.";
            }
            if (grants.HasBusinessCentral)
            {
                var adminCenter = await _run.AdminCenter.GetAsync(_operator.TenantId, _ => ReadAdminCenterAsync(ct)).ConfigureAwait(false);
                entry.AdminCenterAuthorized = adminCenter.IsAuthorized(clientId);
                entry.AdminCenterNote = adminCenter.Note;
            }
            else
            {
                entry.AdminCenterNote = $"Tenant {_operator.TenantId} has no Business Central.";
            }
            return entry;
        }

        /// <summary>A tenant that holds the app's registration but no service principal of it (it cannot sign in there yet).</summary>
        private async Task<AppInventoryEntry> RegistrationWithoutServicePrincipalAsync(string clientId, CancellationToken ct)
        {
            var app = await AppCredentialReader.ReadAsync(_operator, clientId, ct).ConfigureAwait(false)
                ?? throw new S2SException(S2SErrors.AppNotFound, $"Tenant {_operator.TenantId} has no app with client id {clientId} (neither a registration nor a service principal).", clientId,
                    "Check the client id and the tenant; a partner's app appears in a customer tenant only after admin consent there.");
            return new AppInventoryEntry
            {
                TenantId = _operator.TenantId,
                ClientId = app.ClientId,
                DisplayName = app.DisplayName,
                SignInAudience = app.SignInAudience,
                HomeTenantId = _operator.TenantId,
                Credentials = app.Credentials,
                CredentialNote = "The app has no service principal in this tenant: it holds no permissions here.",
            };
        }

        /// <summary>The credentials live with the registration, in the home tenant; the operator reads them there when it can.</summary>
        private async Task<HomeCredentials> ReadHomeCredentialsAsync(string homeTenantId, string clientId, CancellationToken ct)
        {
            var elsewhere = !string.Equals(homeTenantId, _operator.TenantId, StringComparison.OrdinalIgnoreCase);
            try
            {
                var home = elsewhere ? await _operator.ForTenantAsync(homeTenantId, ct).ConfigureAwait(false) : _operator;
                var app = await AppCredentialReader.ReadAsync(home, clientId, ct).ConfigureAwait(false);
                if (app == null)
                    return new HomeCredentials(null, $"Held by tenant {homeTenantId}, which has no registration with client id {clientId} visible to {home.Account}.");
                return new HomeCredentials(app, elsewhere ? $"Held by the app's home tenant {homeTenantId}." : null);
            }
            catch (S2SException e) when (e.Kind == S2SErrorKind.PermissionDenied || e.Kind == S2SErrorKind.AuthenticationError || e.ErrorId == S2SErrors.TenantNotReachable)
            {
                S2SLogScope.Current.Verbose($"Cannot read the credentials of {clientId} in tenant {homeTenantId} ({e.ErrorId}).");
                return new HomeCredentials(null, $"Held by the app's home tenant {homeTenantId}; {_operator.Account} cannot read them there ({e.ErrorId}). Run Get-ALOpsS2SApp connected to that tenant.");
            }
        }

        private async Task<AdminCenterView> ReadAdminCenterAsync(CancellationToken ct)
        {
            try
            {
                var apps = await new AdminCenterClient(_operator).GetAuthorizedAppsAsync(ct).ConfigureAwait(false);
                return new AdminCenterView(apps.Select(a => a.AppId), null);
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.BcAdminRoleRequired || e.Kind == S2SErrorKind.AuthenticationError || e.Kind == S2SErrorKind.PermissionDenied)
            {
                return new AdminCenterView(null, $"{_operator.Account} cannot read the admin center's authorized apps ({e.ErrorId}).");
            }
        }

        private async Task<IReadOnlyList<AppEnvironmentState>> ReadEnvironmentsAsync(AppInventoryEntry entry, IReadOnlyList<BcEnvironment> targets, CancellationToken ct)
        {
            // The app's user in an environment is named after the description entered on page 9860: by default its display name.
            var probe = new RegistrationProbe(_operator, null);
            var description = BcNames.DefaultDescription(entry.DisplayName, entry.ClientId);
            var states = new List<AppEnvironmentState>();
            foreach (var environment in targets)
            {
                var state = await probe.ProbeAsync(new EnvironmentTarget(_operator.TenantId, environment, entry.ClientId, description, Array.Empty<string>()), ct).ConfigureAwait(false);
                states.Add(new AppEnvironmentState
                {
                    Environment = environment.Name,
                    Registered = state.Registered,
                    PermissionSets = state.PermissionSets.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                    Note = state.Limitation,
                });
            }
            return states;
        }

        private static IReadOnlyList<BcEnvironment> Resolve(IReadOnlyList<BcEnvironment> all, IReadOnlyList<string> names, bool allEnvironments)
        {
            if (allEnvironments) return all.Where(e => e.IsActive).ToList();
            return names.Select(name => all.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new S2SException(S2SErrors.EnvironmentNotFound, $"The tenant has no Business Central environment named '{name}'. Environments: {(all.Count == 0 ? "(none)" : string.Join(", ", all.Select(e => e.Name)))}.", name,
                    "Use one of the listed names, or -AllEnvironments.")).ToList();
        }
    }
}
