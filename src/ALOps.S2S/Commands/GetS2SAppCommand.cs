using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ALOps.S2S.Base;
using ALOps.S2S.Completers;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.GetApp;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Models;
using ALOps.S2S.Output;

namespace ALOps.S2S.Commands
{
    /// <summary>
    /// Get-ALOpsS2SApp: reads the state of one app, the apps of a display name, or every app holding Business
    /// Central permissions, in each row's tenant: credentials, roles, audience, admin center and environments.
    /// Reads only.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ALOpsS2SApp")]
    [OutputType(typeof(S2SAppInventory))]
    public sealed class GetS2SAppCommand : S2SRowsCmdletBase
    {
        private readonly List<Row> _rows = new List<Row>();

        private sealed class Row
        {
            public int Number;
            public string? Tenant;
            public AppInventoryRequest Request = null!;

            public string Describe() => BatchRows.Describe(Number, Tenant, Request.ClientId ?? Request.DisplayName ?? "(all with Business Central permissions)", string.Join(", ", Request.Environments));
        }

        /// <summary>The app's client id; without it (and -DisplayName), every app holding Business Central permissions.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("AppId", "ApplicationId")]
        public string? ClientId { get; set; }

        /// <summary>The app's display name (exact); used when no client id is given.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? DisplayName { get; set; }

        /// <summary>The tenant of the row (GUID or domain). Default: the connection's tenant.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tenant")]
        public string? TenantId { get; set; }

        /// <summary>Environments in which to read the app's registration and permission sets.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(EnvironmentNameCompleter))]
        public string[]? Environment { get; set; }

        [Parameter]
        public SwitchParameter AllEnvironments { get; set; }

        /// <summary>Keep only the apps with a secret or certificate that ends (or has ended) within this many days.</summary>
        [Parameter]
        public int? ExpiringWithinDays { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                if (ExpiringWithinDays is int days && (days < 0 || days > 3650))
                    throw new S2SException(S2SErrors.InvalidExpiringWithinDays, $"-ExpiringWithinDays {days} is outside 0 to 3650.", days.ToString(), "Give a number of days, e.g. 30.");
                if (Environment != null && AllEnvironments)
                    throw new S2SException(S2SErrors.EnvironmentConflict, "Give -Environment or -AllEnvironments, not both.", string.Join(",", Environment), "Drop one of them.");
                _ = Session; // not connected: fail before any row is taken
                var clientId = string.IsNullOrWhiteSpace(ClientId) ? null : InputValidation.ClientId(ClientId);
                var displayName = clientId == null && !string.IsNullOrWhiteSpace(DisplayName) ? DisplayName!.Trim() : null;
                _rows.Add(new Row
                {
                    Number = _rows.Count + 1,
                    Tenant = string.IsNullOrWhiteSpace(TenantId) ? null : InputValidation.Tenant(TenantId),
                    Request = new AppInventoryRequest
                    {
                        ClientId = clientId,
                        DisplayName = displayName,
                        Environments = (Environment ?? Array.Empty<string>()).Select(BcNames.Environment).ToList(),
                        AllEnvironments = AllEnvironments,
                    },
                });
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.InventoryFailed, ClientId ?? DisplayName);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_rows.Count == 0) return;
                var session = Session;
                var run = new AppInventoryRun();
                var now = DateTimeOffset.UtcNow;
                RunRows(_rows, ThrottleLimit, r => r.Tenant ?? session.TenantId, r => r.Describe(), async (row, ct) =>
                {
                    var operatorInTenant = await session.ForTenantAsync(row.Tenant, ct).ConfigureAwait(false);
                    return await new AppInventoryService(operatorInTenant, run).ReadAsync(row.Request, ct).ConfigureAwait(false);
                }, (row, entries, error) =>
                {
                    if (error != null)
                    {
                        FailRow(error, S2SErrors.InventoryFailed, row.Request.ClientId ?? row.Request.DisplayName, row.Describe());
                        return;
                    }
                    foreach (var entry in entries)
                    {
                        if (ExpiringWithinDays is int days && !entry.ExpiresWithin(days, now))
                        {
                            if (entry.Credentials == null)
                                WriteWarning($"{BatchRows.InRow(row.Describe(), $"the credentials of {entry.DisplayName} ({entry.ClientId}) could not be read, so their expiry is not judged")}: {entry.CredentialNote}");
                            continue;
                        }
                        WriteObject(ToOutput(row, entry, now));
                    }
                });
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.InventoryFailed, ClientId ?? DisplayName);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private static S2SAppInventory ToOutput(Row row, AppInventoryEntry entry, DateTimeOffset now) => new S2SAppInventory
        {
            Row = row.Number,
            TenantId = entry.TenantId,
            DisplayName = entry.DisplayName,
            ClientId = entry.ClientId,
            ServicePrincipalId = entry.ServicePrincipalId,
            MultiTenant = entry.IsMultiTenant,
            SignInAudience = entry.SignInAudience,
            HomeTenantId = entry.HomeTenantId,
            Credentials = entry.Credentials == null ? null : AppCredentialOutput.From(entry.Credentials, entry.HomeTenantId ?? entry.TenantId, entry.ClientId, now),
            CredentialNote = entry.CredentialNote,
            NextExpiry = entry.NextExpiry,
            DaysLeft = entry.NextExpiry is DateTimeOffset next ? (int)Math.Floor((next - now).TotalDays) : (int?)null,
            BusinessCentralRoles = entry.BusinessCentralRoles.ToArray(),
            AdminCenterAuthorized = entry.AdminCenterAuthorized,
            AdminCenterNote = entry.AdminCenterNote,
            Environments = entry.Environments.Select(e => new S2SAppEnvironment
            {
                Environment = e.Environment,
                Registered = e.Registered,
                PermissionSets = e.PermissionSets.ToArray(),
                Note = e.Note,
            }).ToArray(),
        };
    }
}
