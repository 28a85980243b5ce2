using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
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

        /// <summary>One input row: the app to grant in which tenant; the work starts when all rows are in.</summary>
        private sealed class Row
        {
            public int Number;
            public string? Tenant;
            public PermissionGrantRequest Request = null!;
            /// <summary>Set when the row names another tenant than the connection's: a customer's consent.</summary>
            public CustomerConsentRequest? Customer;
            public SecureString? ClientSecret;
            public string? CertificateThumbprint;
            /// <summary>The app was created moments ago (New-ALOpsS2SApp, just before): this grant and the next command wait out replication.</summary>
            public bool JustCreated;
            /// <summary>A credential was added to the app moments ago: handed on, so that the next command's sign-in waits it out.</summary>
            public bool CredentialJustAdded;

            public string Describe() => BatchRows.Describe(Number, Tenant, Request.ClientId, string.Empty);
        }

        private readonly List<Row> _rows = new List<Row>();
        private const int RowProgressId = 0x5328;

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
                var clientId = InputValidation.ClientId(ClientId);
                var app = HandleFor(clientId);
                var permissions = Permission ?? Array.Empty<string>();
                var row = new Row
                {
                    Number = _rows.Count + 1,
                    Tenant = TenantId,
                    ClientSecret = ClientSecret,
                    CertificateThumbprint = CertificateThumbprint,
                    JustCreated = app?.JustCreated == true,
                    CredentialJustAdded = app?.CredentialJustAdded == true,
                    Request = new PermissionGrantRequest(clientId, permissions)
                    {
                        RecentlyCreated = app?.JustCreated == true,
                        ServicePrincipalId = app?.ServicePrincipalId,
                        // Read now, while New-ALOpsS2SApp hands the app over: the rows run after the last one is in.
                        KnownApplication = app?.CurrentApplication,
                    },
                };
                if (IsOtherTenant(session))
                {
                    var tenant = InputValidation.Tenant(TenantId!);
                    row.Customer = new CustomerConsentRequest(tenant, clientId, permissions)
                    {
                        Wait = Wait,
                        Timeout = Timeout,
                        PollInterval = PollInterval,
                        AppSignIn = AppSignIn(session.Cloud, tenant, clientId),
                    };
                }
                _rows.Add(row);
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.GrantFailed, ClientId);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_rows.Count == 0) return;
                var session = Session;
                var run = new GrantRun();
                RunRows(_rows, ThrottleLimit, r => r.Customer?.Tenant ?? session.TenantId, r => r.Describe(), async (row, ct) =>
                {
                    // A customer tenant that turns out to be the connection's own (another of its domains): the ordinary grant applies.
                    var consent = row.Customer == null ? null : await new CustomerConsentService(session, Gate, run).GrantAsync(row.Customer, ct).ConfigureAwait(false);
                    return consent != null ? (consent, true) : (await new PermissionGrantService(session, Gate).GrantAsync(row.Request, ct).ConfigureAwait(false), false);
                }, (row, outcome, error) =>
                {
                    WriteRowProgress(RowProgressId, "Granting the app's permissions", row.Number, _rows.Count, row.Describe());
                    if (error != null)
                    {
                        FailRow(error, S2SErrors.GrantFailed, row.Request.ClientId, row.Describe());
                        return;
                    }
                    var (result, inCustomerTenant) = outcome;
                    foreach (var skipped in result.SkippedChanges) WriteVerbose("Skipped: " + skipped);
                    // -WhatIf or declined: the object would not be true.
                    if (result.SkippedChanges.Count > 0 || (!inCustomerTenant && string.IsNullOrEmpty(result.ServicePrincipalId))) return;
                    WriteObject(Output(row, result));
                });
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.GrantFailed, ClientId);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private bool IsOtherTenant(S2SSession session)
            => !string.IsNullOrEmpty(TenantId) && !string.Equals(TenantId, session.TenantId, StringComparison.OrdinalIgnoreCase)
               && !string.Equals(TenantId, session.RequestedTenant, StringComparison.OrdinalIgnoreCase);

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

        private static S2SPermissionGrant Output(Row row, PermissionGrantResult result) => new S2SPermissionGrant
        {
            Row = row.Number,
            TenantId = result.TenantId,
            DisplayName = result.DisplayName,
            ClientId = result.ClientId,
            ServicePrincipalId = result.ServicePrincipalId,
            Permission = result.Granted.ToArray(),
            NewlyGranted = result.NewlyGranted.ToArray(),
            ConsentUrl = result.ConsentUrl,
            ClientSecret = row.ClientSecret,
            CertificateThumbprint = row.CertificateThumbprint,
            Created = row.JustCreated,
            AppHandle = new S2SAppHandle(result.ClientId, result.DisplayName) { ServicePrincipalId = result.ServicePrincipalId, JustCreated = row.JustCreated,
                CredentialJustAdded = row.CredentialJustAdded },
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
