using System;
using System.Collections.Generic;
using System.Management.Automation;
using ALOps.S2S.Base;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.RemoveApp;
using ALOps.S2S.Models;

namespace ALOps.S2S.Commands
{
    /// <summary>
    /// Remove-ALOpsS2SApp: deletes the app registration in its home tenant, or only its service principal in a
    /// tenant it is consented in (offboarding one customer leaves the others working). An app already gone is success.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ALOpsS2SApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(S2SAppRemoval))]
    public sealed class RemoveS2SAppCommand : S2SRowsCmdletBase
    {
        private readonly List<Row> _rows = new List<Row>();

        private sealed class Row
        {
            public int Number;
            public string? Tenant;
            public string ClientId = string.Empty;

            public string Describe() => BatchRows.Describe(Number, Tenant, ClientId, string.Empty);
        }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("AppId", "ApplicationId")]
        public string? ClientId { get; set; }

        /// <summary>The tenant to remove the app from (GUID or domain). Default: the connection's tenant.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tenant")]
        public string? TenantId { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                _ = Session; // not connected: fail before any row is taken
                var clientId = InputValidation.ClientId(ClientId);
                var tenant = string.IsNullOrWhiteSpace(TenantId) ? null : InputValidation.Tenant(TenantId);
                // Rows piped per environment name the same app and tenant more than once: it is removed once.
                if (_rows.Exists(r => r.ClientId == clientId && string.Equals(r.Tenant, tenant, StringComparison.OrdinalIgnoreCase))) return;
                _rows.Add(new Row { Number = _rows.Count + 1, Tenant = tenant, ClientId = clientId });
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.RemoveAppFailed, ClientId);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_rows.Count == 0) return;
                var session = Session;
                RunRows(_rows, ThrottleLimit, r => r.Tenant ?? session.TenantId, r => r.Describe(), async (row, ct) =>
                {
                    var operatorInTenant = await session.ForTenantAsync(row.Tenant, ct).ConfigureAwait(false);
                    return await new AppRemovalService(operatorInTenant, Gate).RemoveAsync(row.ClientId, ct).ConfigureAwait(false);
                }, (row, result, error) =>
                {
                    if (error != null)
                    {
                        FailRow(error, S2SErrors.RemoveAppFailed, row.ClientId, row.Describe());
                        return;
                    }
                    if (result.AlreadyGone) WriteVerbose($"Client id {result.ClientId} is already gone from tenant {result.TenantId}.");
                    WriteObject(new S2SAppRemoval
                    {
                        Row = row.Number,
                        TenantId = result.TenantId,
                        ClientId = result.ClientId,
                        DisplayName = result.DisplayName,
                        HomeTenantId = result.HomeTenantId,
                        Removed = result.Removed.ToString(),
                        AlreadyGone = result.AlreadyGone,
                    });
                });
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.RemoveAppFailed, ClientId);
            }
            finally
            {
                base.EndProcessing();
            }
        }
    }
}
