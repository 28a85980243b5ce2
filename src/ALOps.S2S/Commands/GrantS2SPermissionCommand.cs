using System;
using System.Linq;
using System.Management.Automation;
using ALOps.S2S.Base;
using ALOps.S2S.Completers;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Grant;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Models;

namespace ALOps.S2S.Commands
{
    /// <summary>
    /// Grant-ALOpsS2SPermission: gives the app Business Central application permissions and grants admin consent
    /// through Microsoft Graph. Already granted is success; -WhatIf lists what would change and writes nothing.
    /// </summary>
    [Cmdlet(VerbsSecurity.Grant, "ALOpsS2SPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(S2SPermissionGrant))]
    public sealed class GrantS2SPermissionCommand : S2SWaitingCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("AppId", "ApplicationId")]
        [AllowEmptyString] // a planned app (New-ALOpsS2SApp -WhatIf) has no client id yet; otherwise it is validated
        public string? ClientId { get; set; }

        /// <summary>Business Central application permissions (appRoles values). Default: API.ReadWrite.All, Automation.ReadWrite.All.</summary>
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(PermissionNameCompleter))]
        public string[] Permission { get; set; } = PermissionGrantRequest.DefaultPermissions.ToArray();

        private int _row;

        protected override void ProcessRecord()
        {
            try
            {
                if (Planned)
                {
                    WritePlan();
                    return;
                }
                var session = Session;
                _row++;
                if (IsOtherTenant(session) && GrantInCustomerTenant(session)) return;
                var clientId = InputValidation.ClientId(ClientId);
                var app = HandleFor(clientId);
                var request = new PermissionGrantRequest(clientId, Permission ?? Array.Empty<string>())
                {
                    RecentlyCreated = app?.JustCreated == true,
                    ServicePrincipalId = app?.ServicePrincipalId,
                    KnownApplication = app?.CurrentApplication,
                };
                var result = Run(ct => new PermissionGrantService(session, Gate).GrantAsync(request, ct));
                foreach (var skipped in result.SkippedChanges) WriteVerbose("Skipped: " + skipped);
                if (string.IsNullOrEmpty(result.ServicePrincipalId) || result.SkippedChanges.Count > 0) return; // -WhatIf or declined: the object would not be true
                WriteObject(Output(result, app?.JustCreated == true));
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.GrantFailed, ClientId);
            }
        }

        private bool IsOtherTenant(Core.Connect.S2SSession session)
            => !string.IsNullOrEmpty(TenantId) && !string.Equals(TenantId, session.TenantId, StringComparison.OrdinalIgnoreCase)
               && !string.Equals(TenantId, session.RequestedTenant, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// One row of a customer tenant: a failure names the row and, with rows from the pipeline, the other rows go on
        /// (as Register-ALOpsBcClient and Test-ALOpsS2S do). False when the tenant turns out to be the connection's own,
        /// named by another of its domains: the ordinary grant applies.
        /// </summary>
        private bool GrantInCustomerTenant(Core.Connect.S2SSession session)
        {
            var clientId = ClientId ?? string.Empty;
            var row = BatchRows.Describe(_row, TenantId, clientId, string.Empty);
            try
            {
                var tenant = InputValidation.Tenant(TenantId!);
                clientId = InputValidation.ClientId(ClientId);
                var request = new CustomerConsentRequest(tenant, clientId, Permission ?? Array.Empty<string>())
                {
                    Wait = Wait,
                    Timeout = Timeout,
                    PollInterval = PollInterval,
                    AppSignIn = AppSignIn(session.Cloud, tenant, clientId),
                };
                var result = Run(ct => new CustomerConsentService(session, Gate).GrantAsync(request, ct));
                if (result == null) return false;
                foreach (var skipped in result.SkippedChanges) WriteVerbose("Skipped: " + skipped);
                if (result.SkippedChanges.Count == 0) WriteObject(Output(result, HandleFor(clientId)?.JustCreated == true)); // -WhatIf or declined: the object would not be true
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                if (!MyInvocation.ExpectingInput) ThrowTerminating(error, S2SErrors.GrantFailed, clientId);
                WriteError(BatchRows.RowError(error, S2SErrors.GrantFailed, row));
            }
            return true;
        }

        // The app's credential only lets -Wait see the consent in the app's own token; without it the operator's view is used.
        private Core.Identity.SignInRequest? AppSignIn(Core.Clouds.CloudEndpoints cloud, string tenant, string clientId)
        {
            try
            {
                return ReadAppCredential().ToSignIn(cloud, tenant, clientId);
            }
            catch (Core.Errors.S2SException e) when (e.ErrorId == S2SErrors.CertificateNotFound && Certificate == null)
            {
                WriteVerbose($"Certificate {CertificateThumbprint} is in no personal store here; -Wait checks the consent as the operator sees it.");
                return null;
            }
        }

        /// <param name="justCreated">The app was created moments ago (by New-ALOpsS2SApp, just before): the next command waits out replication too.</param>
        private S2SPermissionGrant Output(PermissionGrantResult result, bool justCreated) => new S2SPermissionGrant
        {
            Row = _row,
            TenantId = result.TenantId,
            DisplayName = result.DisplayName,
            ClientId = result.ClientId,
            ServicePrincipalId = result.ServicePrincipalId,
            Permission = result.Granted.ToArray(),
            NewlyGranted = result.NewlyGranted.ToArray(),
            ConsentUrl = result.ConsentUrl,
            ClientSecret = ClientSecret,
            CertificateThumbprint = CertificateThumbprint,
            Created = justCreated,
            AppHandle = new S2SAppHandle(result.ClientId, result.DisplayName) { ServicePrincipalId = result.ServicePrincipalId, JustCreated = justCreated },
        };

        private void WritePlan()
        {
            var name = string.IsNullOrEmpty(AppHandle?.DisplayName) ? "the planned app" : AppHandle!.DisplayName;
            var permissions = (Permission ?? Array.Empty<string>()).Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
            ShowPlan($"app '{name}' (planned)", $"Grant Business Central permissions {string.Join(", ", permissions)} with admin consent");
            WriteObject(new S2SPermissionGrant
            {
                TenantId = TenantId ?? string.Empty,
                DisplayName = AppHandle?.DisplayName ?? string.Empty,
                ClientId = string.Empty,
                Permission = permissions,
                Planned = true,
                AppHandle = AppHandle,
            });
        }
    }
}
