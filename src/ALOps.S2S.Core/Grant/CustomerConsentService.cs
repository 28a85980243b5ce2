using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Grant
{
    /// <summary>
    /// Consents a partner's multitenant app in a customer tenant, where its app object does not exist: the operator,
    /// acting in that tenant with the same sign-in (GDAP), creates the app's service principal from its app id and
    /// assigns the Business Central app roles there. Where the operator may not, the customer's admin gets the
    /// admin-consent link, and -Wait polls until the consent shows.
    /// </summary>
    public sealed class CustomerConsentService
    {
        private const string AppAdminRoles = "Application Administrator or Cloud Application Administrator";
        private readonly S2SSession _home;
        private readonly Ensure _ensure;
        private readonly GrantRun? _run;

        /// <param name="run">What the rows of one command share (one consent per customer and app); null: nothing is shared.</param>
        public CustomerConsentService(S2SSession home, IChangeGate gate, GrantRun? run = null)
        {
            _home = home;
            _ensure = new Ensure(gate);
            _run = run;
        }

        /// <returns>Null when the tenant is the connection's own (named by another of its domains): the ordinary grant applies.</returns>
        public Task<PermissionGrantResult?> GrantAsync(CustomerConsentRequest request, CancellationToken ct)
            => _run == null ? GrantOnceAsync(request, ct) : _run.Consents.GetAsync(GrantRun.ConsentKey(request), _ => GrantOnceAsync(request, ct));

        private async Task<PermissionGrantResult?> GrantOnceAsync(CustomerConsentRequest request, CancellationToken ct)
        {
            var log = S2SLogScope.Current;
            S2SSession? customer = null;
            Task<AccessToken>? customerToken = null;
            string? why = null;
            // The partner's app (read once per run) and the customer's tenant and token are independent reads: side by side.
            var homeAppRead = _home.IsOwnTenant(request.Tenant) ? null : ReadAhead.Start(ReadHomeAppAsync(request, ct));
            try
            {
                customer = await _home.ForTenantAsync(request.Tenant, ct, CloudEndpoints.GraphResource).ConfigureAwait(false);
                if (ReferenceEquals(customer, _home)) return null;
                customerToken = ReadAhead.Start(customer.GetTokenAsync(CloudEndpoints.GraphResource, ct));
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.TenantNotReachable)
            {
                why = Unreachable(request);
            }

            var homeApp = await (homeAppRead ?? ReadHomeAppAsync(request, ct)).ConfigureAwait(false);
            var consentUrl = AdminConsentLink.For(_home.Cloud, request.Tenant, request.ClientId, RedirectUri(homeApp));
            var result = new PermissionGrantResult { TenantId = customer?.TenantId ?? request.Tenant, ClientId = request.ClientId, DisplayName = homeApp?.DisplayName ?? string.Empty };
            if (customer != null)
            {
                try
                {
                    if (customerToken != null) await customerToken.ConfigureAwait(false);
                    why = await GrantAsOperatorAsync(customer, request, result, ct).ConfigureAwait(false);
                    if (why == null) return result;
                }
                catch (S2SException e) when (e.ErrorId == S2SErrors.UserNotInTenant)
                {
                    why = Unreachable(request);
                    customer = null;
                }
            }

            result.ConsentUrl = consentUrl;
            if (!request.Wait)
                throw new S2SException(S2SErrors.AdminConsentPending, $"{why}. The customer's admin must consent app {request.ClientId} in tenant {request.Tenant}: {consentUrl}", request.Tenant,
                    $"Send the customer's admin (Global, Application or Cloud Application Administrator) this admin-consent link: {consentUrl} ; then run Grant-ALOpsS2SPermission again, or run it with {UserInput.Wait} to wait for the consent.");

            log.Warning($"{why}. The customer's admin must consent app {request.ClientId} in tenant {request.Tenant} by opening: {consentUrl}");
            await WaitForConsentAsync(request, customer, why!, consentUrl, result, ct).ConfigureAwait(false);
            return result;
        }

        private string Unreachable(CustomerConsentRequest request)
            => $"{_home.Account} cannot act in tenant {request.Tenant}: it is neither a member nor a delegated admin (GDAP) there";

        /// <summary>The app in the partner's own tenant, when it is there: a single-tenant app stops everything here, before any write.</summary>
        private Task<Application?> ReadHomeAppAsync(CustomerConsentRequest request, CancellationToken ct)
            => _run == null ? ReadHomeAppOnceAsync(request, ct) : _run.HomeApps.GetAsync(request.ClientId, _ => ReadHomeAppOnceAsync(request, ct));

        private async Task<Application?> ReadHomeAppOnceAsync(CustomerConsentRequest request, CancellationToken ct)
        {
            Application? app;
            try
            {
                app = await _home.Graph.ApplicationsWithAppId(request.ClientId).GetAsync(rc => rc.QueryParameters.Select = new[] { "id", "appId", "displayName", "signInAudience", "web" }, ct).ConfigureAwait(false);
            }
            catch (ODataError error) when (GraphErrors.IsNotFound(error))
            {
                return null; // another publisher's app, or one the operator cannot read: the customer tenant decides
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "read the application", request.ClientId);
            }
            if (app != null && !string.Equals(app.SignInAudience, MultiTenantShape.Audience, StringComparison.OrdinalIgnoreCase)
                            && !string.Equals(app.SignInAudience, "AzureADandPersonalMicrosoftAccount", StringComparison.OrdinalIgnoreCase))
                throw NotMultiTenant(request, $"App '{app.DisplayName}' ({request.ClientId}) is single-tenant ({app.SignInAudience}): it cannot be consented in tenant {request.Tenant}.");
            return app;
        }

        private static S2SException NotMultiTenant(CustomerConsentRequest request, string message)
            => new S2SException(S2SErrors.AppNotMultiTenant, message, request.ClientId,
                $"Make the app multitenant in the partner's tenant first: New-ALOpsS2SApp {UserInput.ClientId} {request.ClientId} {UserInput.MultiTenant}; then run Grant-ALOpsS2SPermission {UserInput.Tenant} {request.Tenant} again.");

        private static string RedirectUri(Application? app)
        {
            var uris = app?.Web?.RedirectUris ?? new List<string>();
            return uris.FirstOrDefault(u => string.Equals(u, MultiTenantShape.ConsentLandingPage, StringComparison.OrdinalIgnoreCase))
                   ?? uris.FirstOrDefault(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                   ?? MultiTenantShape.ConsentLandingPage;
        }

        /// <summary>Consents as the operator; null when done (or declined), else why the customer's admin must consent instead.</summary>
        private async Task<string?> GrantAsOperatorAsync(S2SSession customer, CustomerConsentRequest request, PermissionGrantResult result, CancellationToken ct)
        {
            var graph = customer.Graph;
            // Business Central's service principal and the app's are independent reads: both at the same time, once the
            // operator's Graph token for this tenant is there (two reads starting without it would each ask for it).
            await customer.GetTokenAsync(CloudEndpoints.GraphResource, ct).ConfigureAwait(false);
            var bcRead = ServicePrincipalLookup.FindAsync(graph, CloudEndpoints.BusinessCentralAppId, ct, "id", "appId", "displayName", "appRoles");
            var spRead = ReadAhead.Start(ServicePrincipalLookup.FindAsync(graph, request.ClientId, ct));
            var bc = await bcRead.ConfigureAwait(false)
                ?? throw new S2SException(S2SErrors.BusinessCentralNotInTenant, $"Tenant {request.Tenant} has no Dynamics 365 Business Central service principal (app id {CloudEndpoints.BusinessCentralAppId}).",
                    request.Tenant, "Check the customer tenant; Business Central must be provisioned there (its admin signs in to Business Central once).");
            var roles = PermissionGrantService.Resolve(bc, request.Permissions);

            ServicePrincipal sp;
            bool created;
            try
            {
                var creation = await _ensure.RunAsync(new EnsureStep<ServicePrincipal?, ServicePrincipal?>(
                    read: _ => spRead,
                    plan: existing => existing != null ? null : new PlannedChange("tenant " + customer.TenantId, $"Create the service principal of multitenant app {request.ClientId} in tenant {customer.TenantId}"),
                    apply: async (_, c) =>
                    {
                        try
                        {
                            return await graph.ServicePrincipals.PostAsync(new ServicePrincipal { AppId = request.ClientId }, cancellationToken: c).ConfigureAwait(false);
                        }
                        catch (ODataError error) when (GraphErrors.Is(error, GraphErrors.NoBackingApplicationObject))
                        {
                            throw NotMultiTenant(request, $"Tenant {customer.TenantId} cannot add app {request.ClientId}: no multitenant app has this client id ({error.Error?.Code}: {error.Error?.Message}).");
                        }
                        catch (ODataError error) when (error.ResponseStatusCode != 403)
                        {
                            throw GraphErrors.Describe(error, "create the app's service principal", request.ClientId);
                        }
                    }), ct).ConfigureAwait(false);
                creation.RecordIn(result.Changes, result.SkippedChanges);
                if (creation.Declined) return null;
                sp = creation.Result ?? creation.State!;
                created = creation.Changed;
                if (creation.Changed) S2SLogScope.Current.Verbose($"Created service principal {sp.Id} of app {request.ClientId} in tenant {customer.TenantId}.");
            }
            catch (ODataError error) when (error.ResponseStatusCode == 403)
            {
                return $"{customer.Account} may not add apps in tenant {customer.TenantId}: its delegated admin relationship (GDAP) has no {AppAdminRoles} role there";
            }
            result.ServicePrincipalId = sp.Id!;
            if (string.IsNullOrEmpty(result.DisplayName)) result.DisplayName = sp.DisplayName ?? string.Empty;

            // A service principal created moments ago holds no role assignment yet: nothing to read.
            var assigned = created ? new HashSet<Guid>() : await AssignedAsync(graph, sp.Id!, bc.Id!, ct).ConfigureAwait(false);
            // The roles side by side: -Confirm still asks (and -WhatIf prints) one role after the other, then the approved assignments run together.
            var steps = roles.Select(role => new EnsureStep<bool, bool>(
                read: _ => Task.FromResult(assigned.Contains(role.Id!.Value)),
                plan: held => held ? null : new PlannedChange(request.ClientId, $"Grant admin consent for Business Central application permission {role.Value} to app {request.ClientId} in tenant {customer.TenantId}"),
                apply: async (_, c) =>
                {
                    try
                    {
                        await graph.ServicePrincipals[bc.Id].AppRoleAssignedTo.PostAsync(
                            new AppRoleAssignment { PrincipalId = Guid.Parse(sp.Id!), ResourceId = Guid.Parse(bc.Id!), AppRoleId = role.Id }, cancellationToken: c).ConfigureAwait(false);
                    }
                    catch (ODataError error) when (GraphErrors.IsAlreadyAssigned(error))
                    {
                    }
                    catch (ODataError error) when (error.ResponseStatusCode != 403)
                    {
                        throw GraphErrors.Describe(error, $"grant {role.Value}", request.ClientId);
                    }
                    return true;
                })).ToList();
            IReadOnlyList<StepOutcome<bool, bool>> grants;
            try
            {
                grants = await _ensure.RunSideBySideAsync(steps, ct).ConfigureAwait(false);
            }
            catch (ODataError error) when (error.ResponseStatusCode == 403)
            {
                return $"{customer.Account} may not grant admin consent in tenant {customer.TenantId}: its delegated admin relationship (GDAP) has none of the roles {DirectoryRoles.ConsentGranterNames} there";
            }
            for (int i = 0; i < roles.Count; i++)
            {
                grants[i].RecordIn(result.Changes, result.SkippedChanges);
                if (grants[i].Declined) continue;
                if (grants[i].Changed) result.NewlyGranted.Add(roles[i].Value!);
                result.Granted.Add(roles[i].Value!);
            }
            return null;
        }

        private static async Task<HashSet<Guid>> AssignedAsync(GraphServiceClient graph, string spId, string bcSpId, CancellationToken ct)
        {
            try
            {
                var page = await graph.ServicePrincipals[spId].AppRoleAssignments.GetAsync(cancellationToken: ct).ConfigureAwait(false);
                return new HashSet<Guid>((page?.Value ?? new List<AppRoleAssignment>())
                    .Where(a => a.ResourceId?.ToString() == bcSpId && a.AppRoleId != null).Select(a => a.AppRoleId!.Value));
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "read the app's granted permissions", spId);
            }
        }

        /// <summary>
        /// Polls until the consent shows: with the app's credential, its token from the customer's authority holds the
        /// permissions; else the operator reads the app's role assignments in that tenant; else nothing can tell.
        /// </summary>
        private async Task WaitForConsentAsync(CustomerConsentRequest request, S2SSession? customer, string why, string consentUrl, PermissionGrantResult result, CancellationToken ct)
        {
            Func<CancellationToken, Task<IReadOnlyCollection<string>?>> probe;
            if (request.AppSignIn != null) probe = c => AppTokenRolesAsync(request, result, c);
            else if (customer != null) probe = c => OperatorSeesRolesAsync(customer, request, result, c);
            else
                throw new S2SException(S2SErrors.AdminConsentPending, $"{why}, and without the app's credential nothing can tell when the customer's admin has consented: {UserInput.Wait} cannot wait. Consent link: {consentUrl}",
                    request.Tenant, $"Pipe the app's credential ({UserInput.ClientSecret} or {UserInput.CertificateThumbprint}) so that {UserInput.Wait} checks the app's own token, or run Grant-ALOpsS2SPermission again after the customer's admin consented.");

            var log = S2SLogScope.Current;
            var interval = request.PollInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : request.PollInterval;
            var activity = $"Waiting for the admin consent of app {request.ClientId} in tenant {request.Tenant}";
            var watch = Stopwatch.StartNew();
            while (true)
            {
                var roles = await probe(ct).ConfigureAwait(false);
                var missing = roles == null ? request.Permissions.ToList() : request.Permissions.Where(p => !roles.Contains(p.Trim(), StringComparer.OrdinalIgnoreCase)).ToList();
                if (missing.Count == 0)
                {
                    log.Progress(new S2SProgress(activity, "Consented", completed: true));
                    result.Granted.Clear();
                    result.Granted.AddRange(roles!);
                    log.Verbose($"The customer's admin consented app {request.ClientId} in tenant {request.Tenant} after {watch.Elapsed.TotalSeconds:0} s.");
                    return;
                }
                var remaining = request.Timeout - watch.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    log.Progress(new S2SProgress(activity, "Timed out", completed: true));
                    throw new S2SException(S2SErrors.AdminConsentPending,
                        $"The admin consent of app {request.ClientId} in tenant {request.Tenant} is still pending after {request.Timeout} ({string.Join(", ", missing)} not granted yet). Consent link: {consentUrl}",
                        request.Tenant, $"Ask the customer's admin to open the consent link and accept: {consentUrl} ; then run Grant-ALOpsS2SPermission again (or with a longer {UserInput.Timeout}).",
                        kind: S2SErrorKind.OperationTimeout);
                }
                log.Progress(new S2SProgress(activity, $"Waiting for {string.Join(", ", missing)}; checking every {interval.TotalSeconds:0} s",
                    percentComplete: (int)Math.Min(99, 100 * watch.Elapsed.TotalSeconds / request.Timeout.TotalSeconds), secondsRemaining: (int)Math.Max(0, remaining.TotalSeconds)));
                await Task.Delay(remaining < interval ? remaining : interval, ct).ConfigureAwait(false);
            }
        }

        /// <summary>The roles of a fresh app token from the customer's authority; null while the app cannot sign in there yet.</summary>
        private static async Task<IReadOnlyCollection<string>?> AppTokenRolesAsync(CustomerConsentRequest request, PermissionGrantResult result, CancellationToken ct)
        {
            try
            {
                using var app = await IdentitySignIn.ConnectAsync(request.AppSignIn!, ct, firstResource: CloudEndpoints.BusinessCentralResource).ConfigureAwait(false);
                var token = await app.GetTokenAsync(CloudEndpoints.BusinessCentralResource, ct).ConfigureAwait(false);
                result.TenantId = token.Claims?.TenantId ?? result.TenantId;
                result.ServicePrincipalId = token.Claims?.ObjectId ?? result.ServicePrincipalId;
                return token.Claims?.Roles.ToList() ?? new List<string>();
            }
            catch (S2SException e) when (e.ErrorId != S2SErrors.InvalidClientSecret && e.ErrorId != S2SErrors.InvalidClientAssertion && e.ErrorId != S2SErrors.CertificateNotFound)
            {
                S2SLogScope.Current.Debug($"The app cannot get a token in tenant {request.Tenant} yet ({e.ErrorId}).");
                return null;
            }
        }

        /// <summary>The Business Central roles the operator sees assigned to the app in the customer tenant.</summary>
        private static async Task<IReadOnlyCollection<string>?> OperatorSeesRolesAsync(S2SSession customer, CustomerConsentRequest request, PermissionGrantResult result, CancellationToken ct)
        {
            var graph = customer.Graph;
            var bc = await ServicePrincipalLookup.FindAsync(graph, CloudEndpoints.BusinessCentralAppId, ct, "id", "appId", "appRoles").ConfigureAwait(false);
            var sp = await ServicePrincipalLookup.FindAsync(graph, request.ClientId, ct).ConfigureAwait(false);
            if (bc == null || sp == null) return null;
            result.ServicePrincipalId = sp.Id!;
            var assigned = await AssignedAsync(graph, sp.Id!, bc.Id!, ct).ConfigureAwait(false);
            return (bc.AppRoles ?? new List<AppRole>()).Where(r => r.Id != null && r.Value != null && assigned.Contains(r.Id.Value)).Select(r => r.Value!).ToList();
        }
    }
}
