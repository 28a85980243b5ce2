using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using ALOps.S2S.Base;
using ALOps.S2S.Completers;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.Setup;
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

        /// <summary>The tenant of a piped app; it must be the connection's tenant.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? TenantId { get; set; }

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
                EnsureSameTenant(TenantId);
                var request = new PermissionGrantRequest(InputValidation.ClientId(ClientId), Permission ?? Array.Empty<string>())
                {
                    RecentlyCreated = Created,
                    ServicePrincipalId = ServicePrincipalId,
                    KnownApplication = InputObject?.BeingWritten == true ? InputObject.Snapshot : null,
                };
                var result = Run(ct => new PermissionGrantService(session, Gate).GrantAsync(request, ct));
                foreach (var skipped in result.SkippedChanges) WriteVerbose("Skipped: " + skipped);
                if (string.IsNullOrEmpty(result.ServicePrincipalId) || result.SkippedChanges.Count > 0) return; // -WhatIf or declined: the object would not be true
                WriteObject(new S2SPermissionGrant
                {
                    TenantId = result.TenantId,
                    DisplayName = result.DisplayName,
                    ClientId = result.ClientId,
                    ServicePrincipalId = result.ServicePrincipalId,
                    Permission = result.Granted.ToArray(),
                    NewlyGranted = result.NewlyGranted.ToArray(),
                    ClientSecret = ClientSecret,
                    CertificateThumbprint = CertificateThumbprint,
                    Created = Created,
                });
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, "S2S.GrantFailed", ClientId);
            }
        }

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
