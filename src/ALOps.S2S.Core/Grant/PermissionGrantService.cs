using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Grant
{
    /// <summary>
    /// Gives an app Business Central application permissions: resolves names from the BC service principal's
    /// appRoles in this tenant, adds them to requiredResourceAccess (keeping other resources) and grants admin
    /// consent by appRoleAssignedTo. Already granted is success; a re-run writes nothing.
    /// </summary>
    public sealed class PermissionGrantService
    {
        private readonly S2SSession _session;
        private readonly GraphServiceClient _graph;
        private readonly Ensure _ensure;
        /// <summary>The operator's token names none of the consent roles (a custom role or a PIM activation may still allow it).</summary>
        private bool _noConsentRoleInToken;

        public PermissionGrantService(S2SSession session, IChangeGate gate, ReplicationWait? wait = null)
        {
            _session = session;
            _graph = session.Graph;
            _ensure = new Ensure(gate, wait);
        }

        public async Task<PermissionGrantResult> GrantAsync(PermissionGrantRequest request, CancellationToken ct)
        {
            var log = S2SLogScope.Current;
            var result = new PermissionGrantResult { TenantId = _session.TenantId, ClientId = request.ClientId };

            var known = request.KnownApplication != null && string.Equals(request.KnownApplication.Application.AppId, request.ClientId, StringComparison.OrdinalIgnoreCase)
                ? request.KnownApplication.Application
                : null;
            // A service principal created moments ago by this pipeline holds no assignment yet: nothing to read.
            var freshServicePrincipal = request.RecentlyCreated && request.ServicePrincipalId != null;
            var prefetch = await PrefetchAsync(request, known == null, freshServicePrincipal, ct).ConfigureAwait(false);

            var bc = await prefetch.GetAsync<ServicePrincipal>("bc").ConfigureAwait(false)
                ?? await ServicePrincipalLookup.FindAsync(_graph, CloudEndpoints.BusinessCentralAppId, ct, BusinessCentralFields).ConfigureAwait(false)
                ?? throw new S2SException(S2SErrors.BusinessCentralNotInTenant, $"Tenant {_session.TenantId} has no Dynamics 365 Business Central service principal (app id {CloudEndpoints.BusinessCentralAppId}).",
                    _session.TenantId, "Check that you are connected to the right tenant; Business Central must be provisioned there (sign in to Business Central once as an admin).");
            var roles = Resolve(bc, request.Permissions);

            await EnsureOperatorMayGrantAsync(ct).ConfigureAwait(false);

            var app = known
                ?? await prefetch.GetAsync<Application>("app").ConfigureAwait(false)
                ?? await FindAsync(request, "Reading the app registration", c => FindAppAsync(request.ClientId, c), ct).ConfigureAwait(false);
            result.DisplayName = app.DisplayName ?? string.Empty;

            await MergeRequiredResourceAccessAsync(app, roles, result, ct).ConfigureAwait(false);

            // Trust the id from the write that created the service principal; read it only when it is not known.
            var clientSpId = request.ServicePrincipalId
                ?? (await prefetch.GetAsync<ServicePrincipal>("sp").ConfigureAwait(false))?.Id
                ?? (await FindAsync(request, "Reading the service principal", c => ServicePrincipalLookup.FindAsync(_graph, request.ClientId, c), ct).ConfigureAwait(false)).Id!;
            result.ServicePrincipalId = clientSpId;

            var assigned = freshServicePrincipal
                ? new HashSet<Guid>()
                : RoleIdsOn(await prefetch.GetAsync<AppRoleAssignmentCollectionResponse>("assigned").ConfigureAwait(false), bc.Id!)
                  ?? await AssignedRoleIdsAsync(clientSpId, bc.Id!, ct).ConfigureAwait(false);
            // The roles side by side: -Confirm still asks (and -WhatIf prints) one role after the other, then the approved assignments run together.
            var grants = await _ensure.RunSideBySideAsync(
                roles.Select(role => AssignStep(clientSpId, bc.Id!, role, assigned, result.DisplayName, request.ClientId, freshServicePrincipal || request.RecentlyCreated)).ToList(), ct).ConfigureAwait(false);
            for (int i = 0; i < roles.Count; i++)
            {
                var role = roles[i];
                var grant = grants[i];
                grant.RecordIn(result.Changes, result.SkippedChanges);
                if (grant.Declined) continue;
                if (grant.Changed)
                {
                    log.Verbose($"Granted {role.Value} to client id {request.ClientId}.");
                    result.NewlyGranted.Add(role.Value!);
                }
                result.Granted.Add(role.Value!);
            }
            // Roles the app held before and that were not asked for now are consented too: Granted lists them all.
            foreach (var held in bc.AppRoles ?? new List<AppRole>())
                if (held.Id != null && held.Value != null && assigned.Contains(held.Id.Value) && !result.Granted.Contains(held.Value, StringComparer.OrdinalIgnoreCase))
                    result.Granted.Add(held.Value);
            return result;
        }

        private static readonly string[] BusinessCentralFields = { "id", "appId", "displayName", "appRoles" };
        private static readonly string[] AppFields = { "id", "appId", "displayName", "requiredResourceAccess" };

        /// <summary>What the grant reads, in one request where Graph batches: Business Central's service principal, and the app's registration, service principal and role assignments unless known.</summary>
        private Task<GraphPrefetch> PrefetchAsync(PermissionGrantRequest request, bool readApp, bool freshServicePrincipal, CancellationToken ct)
        {
            var reads = new Dictionary<string, RequestInformation>
            {
                ["bc"] = _graph.ServicePrincipalsWithAppId(CloudEndpoints.BusinessCentralAppId).ToGetRequestInformation(rc => rc.QueryParameters.Select = BusinessCentralFields),
            };
            if (readApp) reads["app"] = _graph.ApplicationsWithAppId(request.ClientId).ToGetRequestInformation(rc => rc.QueryParameters.Select = AppFields);
            if (request.ServicePrincipalId == null)
                reads["sp"] = _graph.ServicePrincipalsWithAppId(request.ClientId).ToGetRequestInformation(rc => rc.QueryParameters.Select = ServicePrincipalLookup.Fields);
            else if (!freshServicePrincipal)
                reads["assigned"] = _graph.ServicePrincipals[request.ServicePrincipalId].AppRoleAssignments.ToGetRequestInformation();
            return GraphPrefetch.ReadAsync(_graph, reads, "read Business Central's service principal and the app's registration and role assignments", request.ClientId, ct);
        }

        /// <summary>Reads an object of the app; polls for replication only when the app was just created.</summary>
        private async Task<T> FindAsync<T>(PermissionGrantRequest request, string activity, Func<CancellationToken, Task<T?>> find, CancellationToken ct) where T : class
        {
            var found = request.RecentlyCreated
                ? await _ensure.Wait.UntilAsync(activity, find, ct, shows: read => read != null).ConfigureAwait(false)
                : await find(ct).ConfigureAwait(false);
            return found ?? throw new S2SException(S2SErrors.AppNotFound, $"No app registration (or service principal) with client id {request.ClientId} exists in tenant {_session.TenantId}.", request.ClientId,
                "Check the client id and the tenant you are connected to; create the app with New-ALOpsS2SApp.");
        }

        internal static List<AppRole> Resolve(ServicePrincipal bc, IReadOnlyList<string> names)
        {
            var available = (bc.AppRoles ?? new List<AppRole>())
                .Where(r => r.IsEnabled != false && (r.AllowedMemberTypes?.Contains("Application") ?? false) && r.Id != null && r.Value != null)
                .ToList();
            var unknown = names.Where(n => !available.Any(r => string.Equals(r.Value, n.Trim(), StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0 || names.Count == 0)
                throw new S2SException(S2SErrors.UnknownPermission,
                    (names.Count == 0 ? "No permission was given." : $"Business Central in this tenant has no application permission {string.Join(", ", unknown.Select(u => "'" + u + "'"))}.") +
                    " Valid permissions: " + string.Join(", ", available.Select(r => r.Value).OrderBy(v => v)) + ".",
                    string.Join(",", unknown), "Use one of the valid permissions listed (API.ReadWrite.All and Automation.ReadWrite.All for ALOps pipelines; AdminCenter.ReadWrite.All for the Admin Center API).");
            return names.Select(n => available.First(r => string.Equals(r.Value, n.Trim(), StringComparison.OrdinalIgnoreCase)))
                .GroupBy(r => r.Id).Select(g => g.First()).ToList();
        }

        /// <summary>
        /// The token's <c>wids</c> list only built-in roles held at sign-in: a custom role, or a role activated through
        /// PIM since, does not show. So a token without a consent role is a warning; Graph's 403 decides.
        /// </summary>
        private async Task EnsureOperatorMayGrantAsync(CancellationToken ct)
        {
            var token = await _session.GetTokenAsync(CloudEndpoints.GraphResource, ct).ConfigureAwait(false);
            if (DirectoryRoles.MayGrantConsent(token.Claims)) return;
            _noConsentRoleInToken = true;
            S2SLogScope.Current.Warning(
                $"{_session.Account}'s sign-in shows no directory role that can grant admin consent ({DirectoryRoles.ConsentGranterNames}); trying anyway, " +
                "since a custom role or a role activated through PIM after sign-in does not show there. Microsoft Graph decides.");
        }

        private S2SException ConsentRoleRequired(ODataError error)
            => GraphErrors.ConsentRoleRequired(error, _session.Account, DirectoryRoles.ConsentGranterNames);

        private async Task<Application?> FindAppAsync(string clientId, CancellationToken ct)
        {
            try
            {
                return await _graph.ApplicationsWithAppId(clientId).GetAsync(rc => rc.QueryParameters.Select = AppFields, ct).ConfigureAwait(false);
            }
            catch (ODataError error) when (GraphErrors.IsNotFound(error))
            {
                return null;
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "read the application", clientId);
            }
        }

        private async Task MergeRequiredResourceAccessAsync(Application app, List<AppRole> roles, PermissionGrantResult result, CancellationToken ct)
        {
            var all = app.RequiredResourceAccess ?? new List<RequiredResourceAccess>();
            var bcEntry = all.FirstOrDefault(r => string.Equals(r.ResourceAppId, CloudEndpoints.BusinessCentralAppId, StringComparison.OrdinalIgnoreCase));
            var step = await _ensure.RunAsync(new EnsureStep<List<AppRole>, bool>(
                read: _ =>
                {
                    var present = new HashSet<Guid>((bcEntry?.ResourceAccess ?? new List<ResourceAccess>()).Where(a => a.Type == "Role" && a.Id != null).Select(a => a.Id!.Value));
                    return Task.FromResult(roles.Where(r => !present.Contains(r.Id!.Value)).ToList());
                },
                plan: missing => missing.Count == 0 ? null
                    : new PlannedChange(app.AppId!, $"Add Business Central permissions {string.Join(", ", missing.Select(m => m.Value))} to the required permissions of '{app.DisplayName}'"),
                apply: async (missing, c) =>
                {
                    if (bcEntry == null)
                    {
                        bcEntry = new RequiredResourceAccess { ResourceAppId = CloudEndpoints.BusinessCentralAppId, ResourceAccess = new List<ResourceAccess>() };
                        all.Add(bcEntry);
                    }
                    bcEntry.ResourceAccess ??= new List<ResourceAccess>();
                    bcEntry.ResourceAccess.AddRange(missing.Select(m => new ResourceAccess { Id = m.Id, Type = "Role" }));
                    try
                    {
                        await _graph.Applications[app.Id].PatchAsync(new Application { RequiredResourceAccess = all }, cancellationToken: c).ConfigureAwait(false);
                    }
                    catch (ODataError error) when (error.ResponseStatusCode == 403 && _noConsentRoleInToken)
                    {
                        throw ConsentRoleRequired(error);
                    }
                    catch (ODataError error)
                    {
                        throw GraphErrors.Describe(error, "update the app's required permissions", app.AppId);
                    }
                    return true;
                }), ct).ConfigureAwait(false);
            step.RecordIn(result.Changes, result.SkippedChanges);
        }

        private async Task<HashSet<Guid>> AssignedRoleIdsAsync(string clientSpId, string bcSpId, CancellationToken ct)
        {
            try
            {
                var page = await _graph.ServicePrincipals[clientSpId].AppRoleAssignments.GetAsync(cancellationToken: ct).ConfigureAwait(false);
                return RoleIdsOn(page, bcSpId) ?? new HashSet<Guid>();
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "read the app's granted permissions", clientSpId);
            }
        }

        /// <summary>The app roles of <paramref name="bcSpId"/> among the assignments; null when there is no page.</summary>
        private static HashSet<Guid>? RoleIdsOn(AppRoleAssignmentCollectionResponse? page, string bcSpId)
            => page == null ? null : new HashSet<Guid>((page.Value ?? new List<AppRoleAssignment>())
                .Where(a => a.ResourceId?.ToString() == bcSpId && a.AppRoleId != null)
                .Select(a => a.AppRoleId!.Value));

        /// <summary>Admin consent for one role: assigned unless <paramref name="assigned"/> holds it already.</summary>
        /// <param name="freshPrincipal">The app's service principal was created moments ago: Graph may refuse it as principalId (400) until it replicates.</param>
        private EnsureStep<bool, bool> AssignStep(string clientSpId, string bcSpId, AppRole role, HashSet<Guid> assigned, string displayName, string clientId, bool freshPrincipal)
        {
            bool NotReplicatedYet(Exception e) => GraphErrors.IsNotFound(e) || (freshPrincipal && RefusesPrincipal(e));
            return new EnsureStep<bool, bool>(
                read: _ => Task.FromResult(assigned.Contains(role.Id!.Value)),
                plan: held => held ? null : new PlannedChange(clientId, $"Grant admin consent for Business Central application permission {role.Value} to '{displayName}'"),
                apply: async (_, c) =>
                {
                    try
                    {
                        await _graph.ServicePrincipals[bcSpId].AppRoleAssignedTo.PostAsync(
                            new AppRoleAssignment { PrincipalId = Guid.Parse(clientSpId), ResourceId = Guid.Parse(bcSpId), AppRoleId = role.Id }, cancellationToken: c).ConfigureAwait(false);
                    }
                    catch (ODataError error) when (GraphErrors.IsAlreadyAssigned(error))
                    {
                        // Granted meanwhile (or by a parallel run): the end state is what was asked for.
                    }
                    catch (ODataError error) when (error.ResponseStatusCode == 403 && !_session.IsAppOnly)
                    {
                        throw ConsentRoleRequired(error);
                    }
                    catch (ODataError error) when (error.ResponseStatusCode == 403)
                    {
                        throw GraphErrors.Describe(error, $"grant {role.Value}", clientSpId,
                            $"Admin consent needs a {DirectoryRoles.ConsentGranterNames} (or an operator app with AppRoleAssignment.ReadWrite.All). Connect-ALOpsS2S as one and run Grant-ALOpsS2SPermission again.");
                    }
                    catch (ODataError error) when (!NotReplicatedYet(error))
                    {
                        throw GraphErrors.Describe(error, $"grant {role.Value}", clientSpId);
                    }
                    return true;
                })
            {
                RetryWhile = NotReplicatedYet,
                Activity = $"Granting {role.Value}",
            };
        }

        /// <summary>Graph's answer for a service principal it does not know yet as principalId: 400 "Invalid value specified for property 'principalId' …".</summary>
        private static bool RefusesPrincipal(Exception error)
            => error is ODataError odata && odata.ResponseStatusCode == 400
               && (odata.Error?.Message ?? string.Empty).IndexOf("principalId", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
