using System;
using System.Collections.Generic;
using System.Management.Automation;
using ALOps.S2S.Base;
using ALOps.S2S.Completers;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.Unregister;
using ALOps.S2S.Models;

namespace ALOps.S2S.Commands
{
    /// <summary>
    /// Unregister-ALOpsBcClient: offboards an app from a tenant's Business Central: removes its admin center
    /// authorization and says, per environment, which row a person removes on page 9860; -Wait checks that
    /// Business Central refuses the app.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Unregister, "ALOpsBcClient", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NamedSet)]
    [OutputType(typeof(S2SBcUnregistration))]
    public sealed class UnregisterBcClientCommand : S2SBatchCmdletBase
    {
        private const string NamedSet = "Named";
        private const string AllSet = "All";
        private readonly List<Row> _rows = new List<Row>();

        private sealed class Row
        {
            public int Number;
            public string? Tenant;
            public BcClientUnregistrationRequest Request = null!;

            public string Describe() => BatchRows.Describe(Number, Tenant, Request.ClientId, Request.AllEnvironments ? "all environments" : string.Join(", ", Request.Environments));
        }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("AppId", "ApplicationId")]
        public string? ClientId { get; set; }

        [Parameter(ParameterSetName = NamedSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(EnvironmentNameCompleter))]
        public string[]? Environment { get; set; }

        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter AllEnvironments { get; set; }

        /// <summary>The app's Description on page 9860 (its user's name). Default: the app's display name, as Register-ALOpsBcClient uses it.</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>Wait until Business Central refuses the app in each environment (after a person's step), up to -Timeout.</summary>
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

        /// <summary>The tenant of the row (GUID or domain): the operator acts there. Default: the connection's tenant.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tenant")]
        public string? TenantId { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var session = Session;
                var tenant = TenantId == null ? null : InputValidation.Tenant(TenantId);
                var clientId = InputValidation.ClientId(ClientId);
                _rows.Add(new Row
                {
                    Number = _rows.Count + 1,
                    Tenant = tenant,
                    Request = new BcClientUnregistrationRequest
                    {
                        ClientId = clientId,
                        Environments = Environment ?? Array.Empty<string>(),
                        AllEnvironments = AllEnvironments,
                        Description = Description == null ? null : BcNames.Description(Description),
                        AppSignIn = ReadAppCredential().ToSignIn(session.Cloud, tenant ?? session.TenantId, clientId),
                        Wait = Wait,
                        Timeout = Timeout,
                        PollInterval = PollInterval,
                    },
                });
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.UnregisterFailed, ClientId);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_rows.Count == 0) return;
                var session = Session;
                using var run = new UnregistrationRun();
                RunRows(_rows, ThrottleLimit, r => r.Tenant ?? session.TenantId, r => r.Describe(), async (row, ct) =>
                {
                    var operatorInTenant = await session.ForTenantAsync(row.Tenant, ct).ConfigureAwait(false);
                    return await new BcClientUnregistrationService(operatorInTenant, Gate, run).UnregisterAsync(row.Request, ct).ConfigureAwait(false);
                }, (row, results, error) =>
                {
                    if (error != null)
                    {
                        FailRow(error, S2SErrors.UnregisterFailed, row.Request.ClientId, row.Describe());
                        return;
                    }
                    foreach (var result in results) Emit(row, result);
                });
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.UnregisterFailed, ClientId);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void Emit(Row row, EnvironmentUnregistrationResult result)
        {
            if (result.ActionRequired != null && !result.TimedOut) WriteWarning(result.ActionRequired);
            if (result.TimedOut)
                WriteError(ErrorRecords.From(new S2SException(S2SErrors.UnregistrationWaitTimedOut, $"Business Central still lets the app in to '{result.Environment}' after {Timeout}.", result.Environment, result.ActionRequired)));
            WriteObject(new S2SBcUnregistration
            {
                Row = row.Number,
                TenantId = result.TenantId,
                ClientId = result.ClientId,
                Environment = result.Environment,
                AdminCenterAuthorized = result.AdminCenterAuthorized,
                Registered = result.Registered,
                ActionRequired = result.ActionRequired,
                Url = result.Url,
                Changes = result.Changes.ToArray(),
            });
        }
    }
}
