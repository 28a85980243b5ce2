using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Base;
using ALOps.S2S.Certificates;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.NewApp;
using ALOps.S2S.Models;
using ALOps.S2S.Output;

namespace ALOps.S2S.Commands
{
    /// <summary>
    /// New-ALOpsS2SApp: finds or creates the app registration (by -ClientId, else exact -DisplayName) and its
    /// service principal, and gives it a credential. Never deletes or recreates; re-running changes nothing.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ALOpsS2SApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(S2SApp))]
    public sealed class NewS2SAppCommand : S2SConnectedCmdletBase
    {
        private const string ByNameSet = "ByDisplayName";
        private const string ByClientIdSet = "ByClientId";
        private const string GitHubIssuer = "https://token.actions.githubusercontent.com";

        // By property name only, and no "Name" alias: any object with a Name (a process, a file) would otherwise
        // create an app. Rows of Import-Csv with a DisplayName column still bind.
        [Parameter(ParameterSetName = ByNameSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string? DisplayName { get; set; }

        [Parameter(ParameterSetName = ByClientIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("AppId", "ApplicationId")]
        public string? ClientId { get; set; }

        /// <summary>Secret (default), Certificate, Federated or None; implied by -Certificate* or -Federated*/-GitHub* parameters.</summary>
        [Parameter]
        public S2SCredentialType CredentialType { get; set; } = S2SCredentialType.Secret;

        /// <summary>Add a new client secret even though the app has one (rotation).</summary>
        [Parameter]
        public SwitchParameter NewSecret { get; set; }

        [Parameter]
        public int SecretLifetimeDays { get; set; } = 180;

        /// <summary>A certificate to register (its public key only is uploaded).</summary>
        [Parameter]
        public X509Certificate2? Certificate { get; set; }

        /// <summary>A certificate file to register: .cer/.crt/.pem, or .pfx with -CertificatePassword.</summary>
        [Parameter]
        public string? CertificatePath { get; set; }

        /// <summary>Password of -CertificatePath (.pfx), or of the PFX written with -PfxPath for a generated certificate.</summary>
        [Parameter]
        public SecureString? CertificatePassword { get; set; }

        /// <summary>Where to export a generated certificate with its private key (PFX, owner-only).</summary>
        [Parameter]
        public string? PfxPath { get; set; }

        [Parameter]
        public int CertificateLifetimeDays { get; set; } = 365;

        /// <summary>The issuer exactly as the Azure DevOps service connection shows it.</summary>
        [Parameter]
        public string? FederatedIssuer { get; set; }

        /// <summary>The subject exactly as the service connection shows it (case-sensitive).</summary>
        [Parameter]
        public string? FederatedSubject { get; set; }

        [Parameter]
        public string? FederatedCredentialName { get; set; }

        /// <summary>owner/repository: trust GitHub Actions of this repository (with -GitHubEnvironment or -GitHubBranch).</summary>
        [Parameter]
        public string? GitHubRepository { get; set; }

        [Parameter]
        public string? GitHubEnvironment { get; set; }

        [Parameter]
        public string? GitHubBranch { get; set; }

        /// <summary>
        /// A multitenant app (AzureADMultipleOrgs) for a partner: requires the Business Central permissions, so consent in a
        /// customer tenant asks for exactly them, and has Business Central's OAuth landing page as a web redirect URI for
        /// the admin-consent link. An existing app is converged to this (ShouldProcess).
        /// </summary>
        [Parameter]
        public SwitchParameter MultiTenant { get; set; }

        /// <summary>Also write the app's sign-in values as Azure DevOps variables or GitHub outputs (secrets masked).</summary>
        [Parameter]
        public S2SOutputFormat OutputFormat { get; set; } = S2SOutputFormat.None;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                PipelineVariableWriter.EnsureWritable(OutputFormat);
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.NewAppFailed, OutputFormat);
            }
        }

        protected override void ProcessRecord()
        {
            try
            {
                var session = Session;
                var request = BuildRequest();
                var result = Run(ct => new AppRegistrationService(session, Gate).EnsureAsync(request, ct));
                if (string.IsNullOrEmpty(result.ObjectId))
                {
                    // -WhatIf before the app existed: the plan goes on, so that the next commands show theirs (declined: nothing).
                    if (WhatIfInEffect) WriteObject(PlannedApp(session.TenantId, request));
                    return;
                }
                var app = ToOutput(result);
                // The next command of this pipeline runs inside WriteObject: only then is what was read of the app current.
                app.AppHandle!.HandOver(result.Snapshot, () => WriteObject(app));
                WritePipelineVariables(app);
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.NewAppFailed, DisplayName ?? ClientId);
            }
        }

        private void WritePipelineVariables(S2SApp app)
        {
            if (OutputFormat == S2SOutputFormat.None) return;
            if (app.ClientSecret == null && app.CredentialType == S2SCredentialType.Secret)
                WriteVerbose("No new secret on this run (the app already has one): azure_app_client_secret is not written. Use -NewSecret for a fresh one.");
            var password = app.CertificatePath != null && PfxPath != null ? CertificatePassword : null;
            PipelineVariableWriter.Write(OutputFormat, PipelineVariable.From(app, password), Console.Out,
                line => WriteInformation(new HostInformationMessage { Message = line }, new[] { "PSHOST", "ALOps.S2S" }));
        }

        private AppRegistrationRequest BuildRequest()
        {
            var kind = EffectiveCredentialType();
            if (CertificateLifetimeDays < 1 || CertificateLifetimeDays > 3650)
                throw new S2SException(S2SErrors.InvalidCertificateLifetime, $"-CertificateLifetimeDays {CertificateLifetimeDays} is outside 1 to 3650.", CertificateLifetimeDays.ToString(),
                    "Give a lifetime between 1 and 3650 days; the default is 365.");
            var request = new AppRegistrationRequest
            {
                ClientId = ClientId,
                DisplayName = DisplayName,
                Credential = (CredentialKind)(int)kind,
                NewSecret = NewSecret,
                SecretLifetime = TimeSpan.FromDays(SecretLifetimeDays),
                MultiTenant = MultiTenant,
            };
            if (kind == S2SCredentialType.Certificate)
            {
                request.Certificate = Certificate ?? (CertificatePath != null ? CertificateFileLoader.Load(ResolvePath(CertificatePath), CertificatePassword) : null);
                if (request.Certificate == null) PrepareGeneratedCertificate(request);
            }
            if (kind == S2SCredentialType.Federated) request.Federated = BuildFederated();
            return request;
        }

        private S2SCredentialType EffectiveCredentialType()
        {
            if (ParameterSpecified(nameof(CredentialType))) return CredentialType;
            if (Certificate != null || CertificatePath != null || PfxPath != null) return S2SCredentialType.Certificate;
            if (FederatedIssuer != null || FederatedSubject != null || GitHubRepository != null) return S2SCredentialType.Federated;
            return S2SCredentialType.Secret;
        }

        private void PrepareGeneratedCertificate(AppRegistrationRequest request)
        {
            var onWindows = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows);
            if (PfxPath == null && !onWindows)
                throw new S2SException(S2SErrors.PfxPathRequired, "A generated certificate's private key must be kept somewhere: this platform has no certificate store for it.", DisplayName ?? ClientId,
                    "Give -PfxPath and -CertificatePassword (SecureString), or register an existing certificate with -Certificate/-CertificatePath.");
            if (PfxPath != null && (CertificatePassword == null || CertificatePassword.Length == 0))
                throw new S2SException(S2SErrors.PfxPasswordRequired, "-PfxPath needs -CertificatePassword to protect the exported private key.", PfxPath,
                    "Pass -CertificatePassword (Read-Host -AsSecureString).");
            var pfxPath = PfxPath == null ? null : ResolvePath(PfxPath);
            if (pfxPath != null && Directory.Exists(pfxPath))
                throw new S2SException(S2SErrors.PfxPathIsFolder, $"'{pfxPath}' is a folder; -PfxPath names the .pfx file to write.", pfxPath,
                    "Give a file name, for example -PfxPath ./alops-ci.pfx.");
            if (pfxPath != null && File.Exists(pfxPath))
                throw new S2SException(S2SErrors.PfxFileExists, $"'{pfxPath}' already exists; it is never overwritten.", pfxPath,
                    "Give another -PfxPath, or register the existing certificate with -CertificatePath.");
            var subject = DisplayName ?? ClientId ?? "ALOps S2S";
            var lifetime = TimeSpan.FromDays(CertificateLifetimeDays);
            var password = CertificatePassword;
            request.CertificateFactory = () =>
            {
                var certificate = SelfSignedCertificateFactory.Create(subject, lifetime);
                if (pfxPath != null) PfxExporter.Export(certificate, pfxPath, password!);
                else PfxExporter.TryAddToWindowsStore(certificate, password ?? new SecureString());
                _exportedTo = pfxPath ?? "Cert:\\CurrentUser\\My\\" + certificate.Thumbprint;
                return certificate;
            };
        }

        private string? _exportedTo;

        private FederatedCredentialSpec BuildFederated()
        {
            string? issuer = FederatedIssuer, subject = FederatedSubject;
            if (GitHubRepository != null)
            {
                if (!System.Text.RegularExpressions.Regex.IsMatch(GitHubRepository, @"^[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+$"))
                    throw new S2SException(S2SErrors.InvalidGitHubRepository, $"'{GitHubRepository}' is not owner/repository.", GitHubRepository,
                        "Give the repository as owner/name, e.g. contoso/bc-apps.");
                issuer ??= GitHubIssuer;
                subject ??= GitHubEnvironment != null ? $"repo:{GitHubRepository}:environment:{GitHubEnvironment}"
                    : $"repo:{GitHubRepository}:ref:refs/heads/{GitHubBranch ?? "main"}";
            }
            if (issuer == null || subject == null)
                throw new S2SException(S2SErrors.FederatedCredentialMissing, "A federated credential needs -FederatedIssuer and -FederatedSubject (or -GitHubRepository).", DisplayName ?? ClientId,
                    "Copy the issuer and subject from the Azure DevOps service connection (Workload identity federation), or give -GitHubRepository owner/name.");
            var name = FederatedCredentialName ?? AppRegistrationNames.FederatedNameFromSubject(subject);
            return new FederatedCredentialSpec(name, issuer, subject, "Created by ALOps.S2S");
        }

        private bool WhatIfInEffect
            => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf) ? whatIf is SwitchParameter s && s.IsPresent
               : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        private static S2SApp PlannedApp(string tenantId, AppRegistrationRequest request) => new S2SApp
        {
            TenantId = tenantId,
            DisplayName = request.DisplayName ?? string.Empty,
            ClientId = request.ClientId ?? string.Empty,
            CredentialType = (S2SCredentialType)(int)request.Credential,
            Planned = true,
            AppHandle = new S2SAppHandle(request.ClientId ?? string.Empty, request.DisplayName ?? string.Empty) { Planned = true },
        };

        private string ResolvePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        private S2SApp ToOutput(AppRegistrationResult result) => new S2SApp
        {
            TenantId = result.TenantId,
            DisplayName = result.DisplayName,
            ClientId = result.ClientId,
            ObjectId = result.ObjectId,
            ServicePrincipalId = result.ServicePrincipalId,
            SignInAudience = result.SignInAudience,
            CredentialType = (S2SCredentialType)(int)result.CredentialType,
            ClientSecret = result.ClientSecret,
            CredentialExpiresOn = result.CredentialExpiresOn,
            CertificateThumbprint = result.CertificateThumbprint,
            CertificatePath = result.GeneratedCertificate != null ? _exportedTo : null,
            FederatedIssuer = result.FederatedIssuer,
            FederatedSubject = result.FederatedSubject,
            Created = result.Created,
            AppHandle = new S2SAppHandle(result.ClientId, result.DisplayName) { ServicePrincipalId = result.ServicePrincipalId, JustCreated = result.Created,
                CredentialJustAdded = !result.Created && (result.ClientSecret != null || result.GeneratedCertificate != null) },
        };
    }
}
