using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Base;
using ALOps.S2S.Certificates;
using ALOps.S2S.Completers;
using ALOps.S2S.Connections;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.Register;
using ALOps.S2S.Models;

namespace ALOps.S2S.Commands
{
    /// <summary>
    /// Register-ALOpsBcClient: authorizes the app in the Business Central admin center and gets it registered,
    /// with its permission sets, in each environment (telling a person exactly what to enter where no API can).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "ALOpsBcClient", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NamedSet)]
    [OutputType(typeof(S2SBcRegistration))]
    public sealed class RegisterBcClientCommand : S2SEnvironmentsCmdletBase
    {
        private FlowingRows<Row, IReadOnlyList<EnvironmentRegistrationResult>>? _rows;
        private RegistrationRun? _run;
        private const int RowProgressId = 0x5327;

        /// <summary>One input row: what to register where.</summary>
        private sealed class Row
        {
            public int Number;
            public string? Tenant;
            public BcClientRegistrationRequest Request = null!;
            public SecureString? ClientSecret;
            public string? CertificateThumbprint;
            public S2SAppHandle? App;

            public string Describe() => BatchRows.Describe(Number, Tenant, Request.ClientId, Request.AllEnvironments ? "all environments" : string.Join(", ", Request.Environments));
        }

        /// <summary>Permission sets for the app in each environment. Default: D365 AUTOMATION, EXTEN. MGT. - ADMIN.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(PermissionSetCompleter))]
        public string[] PermissionSet { get; set; } = BcNames.DefaultPermissionSets;

        /// <summary>The app's description in the environment (at most 50 characters). Default: the app's display name.</summary>
        [Parameter]
        public string? Description { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? DisplayName { get; set; }

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
                var tenant = TenantId == null ? null : InputValidation.Tenant(TenantId);
                var clientId = InputValidation.ClientId(ClientId);
                var app = HandleFor(clientId);
                _rows ??= FlowRows<Row, IReadOnlyList<EnvironmentRegistrationResult>>(ThrottleLimit, Partition, r => r.Describe(), RegisterAsync, Complete);
                _rows.Add(new Row
                {
                    Number = _rows.Count + 1,
                    Tenant = tenant,
                    ClientSecret = ClientSecret,
                    CertificateThumbprint = CertificateThumbprint,
                    App = app,
                    Request = new BcClientRegistrationRequest
                    {
                        ClientId = clientId,
                        Environments = Environment ?? Array.Empty<string>(),
                        AllEnvironments = AllEnvironments,
                        PermissionSets = PermissionSet,
                        Description = DescriptionFor(clientId),
                        AppSignIn = AppSignIn(session.Cloud, tenant ?? session.TenantId, clientId),
                        RecentlyCreated = app?.JustCreated == true,
                        CredentialJustAdded = app?.CredentialJustAdded == true,
                        ServicePrincipalId = app?.ServicePrincipalId,
                        Wait = Wait,
                        Timeout = Timeout,
                        PollInterval = PollInterval,
                    },
                }, handedOn: AppHandle != null);
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.RegisterFailed, ClientId);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_rows == null || _rows.Count == 0) return;
                _rows.Finish();
                RememberEnvironments(Run, Session.TenantId);
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.RegisterFailed, ClientId);
            }
            finally
            {
                _rows?.Dispose();
                _run?.Dispose();
                base.EndProcessing();
            }
        }

        /// <summary>What the rows share (environments, authorized apps, app sign-ins), made on the pipeline thread before the first row starts.</summary>
        private RegistrationRun Run => _run ??= new RegistrationRun(Session);

        private string Partition(Row row) => row.Tenant ?? Session.TenantId;

        private Func<Row, CancellationToken, Task<IReadOnlyList<EnvironmentRegistrationResult>>> RegisterAsync
        {
            get
            {
                var session = Session;
                var run = Run;
                return async (row, ct) =>
                {
                    var operatorInTenant = await session.ForTenantAsync(row.Tenant, ct).ConfigureAwait(false);
                    return await new BcClientRegistrationService(operatorInTenant, Gate, run: run).RegisterAsync(row.Request, ct).ConfigureAwait(false);
                };
            }
        }

        private void Complete(Row row, IReadOnlyList<EnvironmentRegistrationResult> results, Exception? error)
        {
            WriteRowProgress(RowProgressId, "Registering the app", row.Number, _rows!.Count, row.Describe());
            if (error != null) FailRow(error, S2SErrors.RegisterFailed, row.Request.ClientId, row.Describe());
            else foreach (var result in results) Emit(row, result);
        }

        private void WritePlan()
        {
            var name = string.IsNullOrWhiteSpace(DisplayName) ? "the planned app" : DisplayName!;
            var tenant = TenantId ?? (Connection ?? ConnectionStore.Current)?.Session.TenantId ?? "the connection's tenant";
            var sets = string.Join(", ", BcNames.PermissionSets(PermissionSet));
            ShowPlan("tenant " + tenant, $"Authorize app '{name}' (planned) in the Business Central admin center");
            var environments = AllEnvironments ? new[] { "(all Active environments)" } : (Environment ?? Array.Empty<string>()).Select(BcNames.Environment).ToArray();
            foreach (var environment in environments)
            {
                ShowPlan($"environment {environment}", $"Register app '{name}' (planned) on page 9860 with permission sets {sets}{(Wait ? ", and wait for it" : string.Empty)}");
                WriteObject(new S2SBcRegistration
                {
                    Row = ++_planned,
                    TenantId = TenantId ?? string.Empty,
                    ClientId = string.Empty,
                    Environment = environment,
                    PermissionSets = BcNames.PermissionSets(PermissionSet),
                    Planned = true,
                    AppHandle = AppHandle,
                });
            }
        }

        private int _planned;

        private string? DescriptionFor(string clientId)
            => Description != null ? BcNames.Description(Description)
               : string.IsNullOrWhiteSpace(DisplayName) ? null // the engine takes the app's name from the tenant
               : BcNames.DefaultDescription(DisplayName, clientId);

        // The app's credential only lets Register prove the app works; a piped thumbprint of a certificate that is in
        // no store on this machine (a PFX, an object) is no reason to stop, the operator's view is used instead.
        private SignInRequest? AppSignIn(Core.Clouds.CloudEndpoints cloud, string tenantId, string clientId)
        {
            try
            {
                return ReadAppCredential().ToSignIn(cloud, tenantId, clientId);
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.CertificateNotFound && Certificate == null)
            {
                WriteVerbose($"Certificate {CertificateThumbprint} is in no personal store here; the app's own access is not checked, only what the operator sees.");
                return null;
            }
        }

        // Every Active environment the run read, for completion: not only those named on this line.
        private void RememberEnvironments(RegistrationRun run, string connectionTenant)
        {
            var known = (Connection ?? ConnectionStore.Current)?.KnownEnvironments;
            if (known == null) return;
            foreach (var environment in run.EnvironmentsRead.Where(e => e.IsActive))
                known.Add(environment.AadTenantId ?? connectionTenant, environment.Name);
        }

        private void Emit(Row row, EnvironmentRegistrationResult result)
        {
            var actionRequired = ParameterNames.Spell(result.ActionRequired);
            (Connection ?? ConnectionStore.Current)?.KnownEnvironments.Add(result.TenantId, result.Environment);
            if (actionRequired != null && !result.TimedOut) WriteWarning(actionRequired);
            if (result.TimedOut)
            {
                var error = new S2SException(S2SErrors.RegistrationWaitTimedOut, $"The app was not registered in '{result.Environment}' within {Timeout}.", result.Environment, actionRequired);
                WriteError(ErrorRecords.From(error));
            }
            WriteObject(new S2SBcRegistration
            {
                Row = row.Number,
                TenantId = result.TenantId,
                ClientId = result.ClientId,
                Environment = result.Environment,
                AdminCenterAuthorized = result.AdminCenterAuthorized,
                Registered = result.Registered,
                PermissionSets = result.PermissionSets.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
                ActionRequired = actionRequired,
                Url = result.Url,
                ClientSecret = row.ClientSecret,
                CertificateThumbprint = row.CertificateThumbprint,
                // Register has waited out the app's replication (found it, signed in as it): the next command treats it as any app.
                AppHandle = row.App?.Settled(),
            });
        }
    }
}
