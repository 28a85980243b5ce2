using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Base;
using ALOps.S2S.Certificates;
using ALOps.S2S.Completers;
using ALOps.S2S.Connections;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Core.Test;
using ALOps.S2S.Models;

namespace ALOps.S2S.Commands
{
    /// <summary>
    /// Test-ALOpsS2S: checks, as the app itself, everything an S2S sign-in needs, and names the cause and the fix
    /// of each failure. Failed checks also write errors, so -ErrorAction Stop fails a pipeline step.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "ALOpsS2S")]
    [OutputType(typeof(S2SCheckResult), typeof(bool))]
    public sealed class TestS2SCommand : S2SBatchCmdletBase
    {
        private FlowingRows<Row, IReadOnlyList<CheckResult>>? _rows;
        private readonly HashSet<AppSignInKey> _apps = new HashSet<AppSignInKey>();
        private readonly DoctorRun _run = new DoctorRun();
        private readonly List<S2SCheckResult> _results = new List<S2SCheckResult>();
        private int _rowsDone;
        private S2SSession? _connection;
        private bool _plannedSaid;
        private AppSessionCache.Lease? _appSignIns;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("AppId", "ApplicationId")]
        [AllowEmptyString] // a planned app (New-ALOpsS2SApp -WhatIf) has no client id yet; otherwise it is validated
        public string? ClientId { get; set; }

        /// <summary>A certificate file of the app (.pfx with -CertificatePassword, or .cer/.pem); one more app credential.</summary>
        [Parameter]
        public string? CertificatePath { get; set; }

        [Parameter]
        public SecureString? CertificatePassword { get; set; }

        /// <summary>Environments to check (standard API, automation API, extension management).</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(EnvironmentNameCompleter))]
        public string[]? Environment { get; set; }

        /// <summary>The permissions the app should hold. Default: API.ReadWrite.All, Automation.ReadWrite.All; add AdminCenter.ReadWrite.All to check the admin center.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(PermissionNameCompleter))]
        public string[] Permission { get; set; } = { "API.ReadWrite.All", "Automation.ReadWrite.All" };

        [Parameter]
        public int ExpiryWarningDays { get; set; } = 30;

        /// <summary>Return only $true (every check passed or warned) or $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(CloudNameCompleter))]
        public object? Cloud { get; set; }

        /// <summary>One input row: an app in a tenant, and the environments to check there.</summary>
        private sealed class Row
        {
            public int Number;
            public string Tenant = string.Empty;
            public string ClientId = string.Empty;
            public SignInRequest SignIn = null!;
            public AppSignInKey App = null!;
            /// <summary>The first row of its app: it reports the app's own checks, the next rows only their environments.</summary>
            public bool FirstOfApp;
            public List<string> Environments = new List<string>();
            public bool Created;
            public bool CredentialJustAdded;
            public string? SecretHint;
            /// <summary>False: no credential of the app was given; the checks are made as the operator.</summary>
            public bool HasCredential = true;

            public string Describe() => BatchRows.Describe(Number, Tenant, ClientId, string.Join(", ", Environments));
        }

        protected override void ProcessRecord()
        {
            try
            {
                if (Planned)
                {
                    if (!_plannedSaid) WriteWarning("The app is only planned (New-ALOpsS2SApp ran with -WhatIf): Test-ALOpsS2S has nothing to check yet.");
                    _plannedSaid = true;
                    return;
                }
                var row = BuildRow();
                _rows ??= FlowRows<Row, IReadOnlyList<CheckResult>>(ThrottleLimit, r => r.Tenant, r => r.Describe(), CheckAsync, Complete);
                row.Number = _rows.Count + 1;
                // A sign-in the previous command of the pipeline made with this very credential (Register, still writing
                // its rows) is held now, before that command ends it: the app's token is not requested a second time.
                _connection ??= (Connection ?? ConnectionStore.Current)?.Session; // the runspace's, read on the pipeline thread
                if (_connection != null && row.HasCredential) (_appSignIns ??= _connection.AppSessions.Open()).Adopt(row.SignIn);
                row.FirstOfApp = _apps.Add(row.App);
                _rows.Add(row, handedOn: AppHandle != null);
                if (!row.HasCredential && row.FirstOfApp)
                    WriteWarning($"No credential of app {row.ClientId} was given (a re-run of New-ALOpsS2SApp emits no secret): only what the operator can see is checked; the sign-in checks are Skipped. " +
                                 "Give -ClientSecret (or -Certificate...), or New-ALOpsS2SApp -NewSecret for a new secret.");
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.TestFailed, ClientId);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_rows == null || _rows.Count == 0) return;
                _rows.Finish();
                WriteProgress(new ProgressRecord(CheckProgressId, CheckActivity, "Done") { RecordType = ProgressRecordType.Completed });
                if (Quiet)
                {
                    WriteObject(_results.All(r => r.Status != S2SCheckStatus.Fail));
                    return;
                }
                WriteInformation(new HostInformationMessage
                {
                    Message = $"Test-ALOpsS2S: {Count(_results, S2SCheckStatus.Pass)} passed, {Count(_results, S2SCheckStatus.Warn)} warned, {Count(_results, S2SCheckStatus.Fail)} failed, {Count(_results, S2SCheckStatus.Skipped)} skipped.",
                }, new[] { "PSHOST", "ALOps.S2S" });
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.TestFailed, ClientId);
            }
            finally
            {
                _rows?.Dispose();
                _run.Dispose();
                _appSignIns?.Dispose();
                base.EndProcessing();
            }
        }

        private async Task<IReadOnlyList<CheckResult>> CheckAsync(Row row, CancellationToken ct)
        {
            var request = await RequestForAsync(row, _connection, ct).ConfigureAwait(false);
            return await _run.CheckRowAsync(request, row.FirstOfApp, row.Environments, ct).ConfigureAwait(false);
        }

        private void Complete(Row row, IReadOnlyList<CheckResult> results, Exception? error)
        {
            WriteCheckProgress(++_rowsDone, row);
            if (error != null)
            {
                FailRow(error, S2SErrors.TestFailed, row.ClientId, row.Describe());
                return;
            }
            foreach (var result in results)
            {
                var output = ToOutput(result, row);
                _results.Add(output);
                if (Quiet) continue;
                WriteObject(output);
                if (result.Status == CheckStatus.Fail) WriteError(FailureRecord(result, _rows!.Count > 1 ? row.Describe() : null));
            }
        }

        /// <summary>The doctor's request for a row; the operator, when connected, acts in the row's tenant to read the app's credentials.</summary>
        private async Task<DoctorRequest> RequestForAsync(Row row, S2SSession? connection, CancellationToken ct)
        {
            S2SSession? operatorInTenant = null;
            if (connection != null)
            {
                try
                {
                    operatorInTenant = await connection.ForTenantAsync(row.Tenant, ct).ConfigureAwait(false);
                }
                catch (S2SException e)
                {
                    S2SLogScope.Current.Verbose($"The operator cannot act in tenant {row.Tenant} ({e.ErrorId}); the credential expiry is not checked there.");
                }
            }
            return new DoctorRequest(row.SignIn, row.HasCredential)
            {
                AppSessions = row.HasCredential ? _appSignIns : null,
                Permissions = Permission,
                ExpiryWarningDays = ExpiryWarningDays,
                Operator = operatorInTenant,
                AppHome = connection,
                RecentlyCreated = row.Created,
                CredentialJustAdded = row.CredentialJustAdded,
                SecretHint = row.SecretHint,
            };
        }

        private const int CheckProgressId = 0x5326;
        private const string CheckActivity = "Checking the S2S app as itself";

        private void WriteCheckProgress(int done, Row row)
        {
            var where = row.Environments.Count == 0 ? string.Empty : ", environments " + string.Join(", ", row.Environments);
            WriteProgress(new ProgressRecord(CheckProgressId, CheckActivity, $"{done} of {_rows!.Count} row(s) checked; app {row.ClientId} in tenant {row.Tenant}{where}")
            {
                PercentComplete = done * 100 / _rows.Count,
            });
        }

        private Row BuildRow()
        {
            if (ExpiryWarningDays < 0 || ExpiryWarningDays > 3650)
                throw new S2SException(S2SErrors.InvalidExpiryWarningDays, $"-ExpiryWarningDays {ExpiryWarningDays} is outside 0 to 3650.", ExpiryWarningDays.ToString(), "Give a number of days, e.g. 30.");
            var operatorSession = (Connection ?? ConnectionStore.Current)?.Session;
            var tenant = TenantId ?? operatorSession?.TenantId
                ?? throw new S2SException(S2SErrors.TenantRequired, "Test-ALOpsS2S needs the tenant of the app.", ClientId, "Pass -TenantId (GUID or domain), or Connect-ALOpsS2S to the tenant first.");
            tenant = InputValidation.Tenant(tenant);
            var clientId = InputValidation.ClientId(ClientId);
            var cloud = Cloud != null ? S2SCloud.ToEndpoints(Cloud) : operatorSession?.Cloud ?? CloudResolver.FromEnvironment();
            var signIn = AppSignIn(cloud, tenant, clientId);
            var hasCredential = signIn != null;
            // Without the app's credential the operator's view is checked: the request then only names the app.
            signIn ??= operatorSession != null ? new SignInRequest(SignInMode.ClientSecret, cloud) { Tenant = tenant, ClientId = clientId }
                : throw new S2SException(S2SErrors.CredentialRequired,
                    "Test-ALOpsS2S checks the app with its own credential (or, connected, what the operator can see), and neither was given.", clientId,
                    "Pass -ClientSecret (SecureString), -Certificate, -CertificateThumbprint, -CertificatePath or -FederatedToken; or Connect-ALOpsS2S first; or pipe New-ALOpsS2SApp -NewSecret.");
            return new Row
            {
                HasCredential = hasCredential,
                Tenant = tenant,
                ClientId = clientId,
                SignIn = signIn,
                App = new AppSignInKey(signIn),
                Environments = (Environment ?? Array.Empty<string>()).Select(BcNames.Environment).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                Created = HandleFor(clientId)?.JustCreated == true,
                CredentialJustAdded = HandleFor(clientId)?.CredentialJustAdded == true,
                SecretHint = ClientSecret == null ? null : SecretHint(ClientSecret),
            };
        }

        /// <summary>The app's own sign-in; null when no credential of the app was given.</summary>
        private SignInRequest? AppSignIn(CloudEndpoints cloud, string tenant, string clientId)
        {
            var credential = ReadAppCredential();
            credential.CertificatePath = CertificatePath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificatePath);
            credential.CertificatePassword = CertificatePassword;
            return credential.ToSignIn(cloud, tenant, clientId);
        }

        // Graph shows the first characters of each secret as its hint: enough to tell which secret is in use.
        private static string SecretHint(SecureString secret)
        {
            var plain = new System.Net.NetworkCredential(string.Empty, secret).Password;
            return plain.Length >= 3 ? plain.Substring(0, 3) : plain;
        }

        private static S2SCheckResult ToOutput(CheckResult result, Row row) => new S2SCheckResult
        {
            Row = row.Number,
            Check = result.Check,
            Target = result.Target,
            Status = (S2SCheckStatus)(int)result.Status,
            Cause = ParameterNames.Spell(result.Cause),
            Fix = ParameterNames.Spell(result.Fix),
            ErrorCode = result.ErrorCode,
            CorrelationId = result.CorrelationId,
            Duration = result.Duration,
            DiagnosisId = result.DiagnosisId?.Value,
            TenantId = row.Tenant,
            ClientId = row.ClientId,
        };

        /// <param name="row">In a batch, the row the check belongs to (it prefixes the message).</param>
        private static ErrorRecord FailureRecord(CheckResult result, string? row)
        {
            var message = $"{result.Check} failed for {result.Target}: {result.Cause}";
            if (row != null) message = BatchRows.InRow(row, message);
            var error = new S2SException(result.DiagnosisId ?? S2SErrors.CheckFailed,
                message, result.Target, result.Fix, result.ErrorCode, result.CorrelationId);
            return ErrorRecords.From(error);
        }

        private static int Count(List<S2SCheckResult> results, S2SCheckStatus status) => results.Count(r => r.Status == status);
    }
}
