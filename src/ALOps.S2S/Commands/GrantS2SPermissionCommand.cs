using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using ALOps.S2S.Base;
using ALOps.S2S.Certificates;
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
    public sealed class GrantS2SPermissionCommand : S2SConnectedCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("AppId", "ApplicationId")]
        [AllowEmptyString] // a planned app (New-ALOpsS2SApp -WhatIf) has no client id yet; otherwise it is validated
        public string? ClientId { get; set; }

        /// <summary>Business Central application permissions (appRoles values). Default: API.ReadWrite.All, Automation.ReadWrite.All.</summary>
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(PermissionNameCompleter))]
        public string[] Permission { get; set; } = PermissionGrantRequest.DefaultPermissions.ToArray();

        /// <summary>
        /// The tenant to grant in (GUID or domain). Default: the connection's tenant. Another tenant is a customer's:
        /// the partner's multitenant app is consented there (its service principal created from the app id), by the
        /// operator acting in that tenant, else by the customer's admin through the admin-consent link.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tenant")]
        public string? TenantId { get; set; }

        /// <summary>In a customer tenant where the operator may not consent: wait for the customer's admin to consent, up to -Timeout.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait waits: a number of seconds, a TimeSpan or a string such as '00:15:00'. Default: 15 minutes.</summary>
        [Parameter]
        [Duration]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>How often -Wait checks (seconds or a TimeSpan); never more often than once a second.</summary>
        [Parameter(DontShow = true)]
        [Duration]
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        private int _row;

        // Carried on from New-ALOpsS2SApp to the next cmdlets; this cmdlet does not use them.
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public SecureString? ClientSecret { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? CertificateThumbprint { get; set; }

        /// <summary>The app's service principal as New-ALOpsS2SApp created it: used as is, not read back (Entra lags).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? ServicePrincipalId { get; set; }

        /// <summary>Set when the app was just created: wait for Entra replication instead of failing.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public SwitchParameter Created { get; set; }

        /// <summary>New-ALOpsS2SApp's object: when it comes straight from New-ALOpsS2SApp, what it read of the app is not read again.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public S2SApp? InputObject { get; set; }

        /// <summary>The app is only planned (New-ALOpsS2SApp -WhatIf): show the plan, change nothing.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public SwitchParameter Planned { get; set; }

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
                var request = new PermissionGrantRequest(InputValidation.ClientId(ClientId), Permission ?? Array.Empty<string>())
                {
                    RecentlyCreated = Created,
                    ServicePrincipalId = ServicePrincipalId,
                    KnownApplication = InputObject?.BeingWritten == true ? InputObject.Snapshot : null,
                };
                var result = Run(ct => new PermissionGrantService(session, Gate).GrantAsync(request, ct));
                foreach (var skipped in result.SkippedChanges) WriteVerbose("Skipped: " + skipped);
                if (string.IsNullOrEmpty(result.ServicePrincipalId) || result.SkippedChanges.Count > 0) return; // -WhatIf or declined: the object would not be true
                WriteObject(Output(result));
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
                if (result.SkippedChanges.Count == 0) WriteObject(Output(result)); // -WhatIf or declined: the object would not be true
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
                return new AppCredential { ClientSecret = ClientSecret, CertificateThumbprint = CertificateThumbprint }.ToSignIn(cloud, tenant, clientId);
            }
            catch (Core.Errors.S2SException e) when (e.ErrorId == S2SErrors.CertificateNotFound)
            {
                WriteVerbose($"Certificate {CertificateThumbprint} is in no personal store here; -Wait checks the consent as the operator sees it.");
                return null;
            }
        }

        private S2SPermissionGrant Output(PermissionGrantResult result) => new S2SPermissionGrant
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
            Created = Created,
        };

        private void WritePlan()
        {
            var name = InputObject?.DisplayName ?? "the planned app";
            var permissions = (Permission ?? Array.Empty<string>()).Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
            ShowPlan($"app '{name}' (planned)", $"Grant Business Central permissions {string.Join(", ", permissions)} with admin consent");
            WriteObject(new S2SPermissionGrant
            {
                TenantId = TenantId ?? string.Empty,
                DisplayName = InputObject?.DisplayName ?? string.Empty,
                ClientId = string.Empty,
                Permission = permissions,
                Planned = true,
            });
        }
    }
}
