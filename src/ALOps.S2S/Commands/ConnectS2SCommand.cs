using System;
using System.Linq;
using System.Threading;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.Logging;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Base;
using ALOps.S2S.Certificates;
using ALOps.S2S.Completers;
using ALOps.S2S.Connections;
using ALOps.S2S.Models;

namespace ALOps.S2S.Commands
{
    /// <summary>Connect-ALOpsS2S: signs in the operator that performs the setup.</summary>
    [Cmdlet(VerbsCommunications.Connect, "ALOpsS2S", DefaultParameterSetName = InteractiveSet)]
    [OutputType(typeof(S2SConnection))]
    public sealed class ConnectS2SCommand : S2SCmdletBase
    {
        private const string InteractiveSet = "Interactive";
        private const string DeviceCodeSet = "DeviceCode";
        private const string AccessTokenSet = "AccessToken";
        private const string ClientSecretSet = "ClientSecret";
        private const string CertificateThumbprintSet = "CertificateThumbprint";
        private const string CertificateSet = "Certificate";
        private const string FederatedTokenSet = "FederatedToken";
        private const string ManagedIdentitySet = "ManagedIdentity";

        [Parameter(ParameterSetName = InteractiveSet, Position = 0)]
        [Parameter(ParameterSetName = DeviceCodeSet, Position = 0)]
        [Parameter(ParameterSetName = AccessTokenSet, Position = 0)]
        [Parameter(ParameterSetName = ManagedIdentitySet, Position = 0)]
        [Parameter(ParameterSetName = ClientSecretSet, Mandatory = true, Position = 0)]
        [Parameter(ParameterSetName = CertificateThumbprintSet, Mandatory = true, Position = 0)]
        [Parameter(ParameterSetName = CertificateSet, Mandatory = true, Position = 0)]
        [Parameter(ParameterSetName = FederatedTokenSet, Mandatory = true, Position = 0)]
        [Alias("Tenant", "Domain")]
        public string? TenantId { get; set; }

        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [Parameter(ParameterSetName = ClientSecretSet, Mandatory = true)]
        [Parameter(ParameterSetName = CertificateThumbprintSet, Mandatory = true)]
        [Parameter(ParameterSetName = CertificateSet, Mandatory = true)]
        [Parameter(ParameterSetName = FederatedTokenSet, Mandatory = true)]
        [Alias("AppId", "ApplicationId")]
        public string? ClientId { get; set; }

        [Parameter(ParameterSetName = DeviceCodeSet, Mandatory = true)]
        public SwitchParameter UseDeviceCode { get; set; }

        [Parameter(ParameterSetName = AccessTokenSet)]
        public SecureString? GraphAccessToken { get; set; }

        [Parameter(ParameterSetName = AccessTokenSet)]
        public SecureString? BusinessCentralAccessToken { get; set; }

        [Parameter(ParameterSetName = ClientSecretSet, Mandatory = true)]
        public SecureString? ClientSecret { get; set; }

        [Parameter(ParameterSetName = CertificateThumbprintSet, Mandatory = true)]
        public string? CertificateThumbprint { get; set; }

        [Parameter(ParameterSetName = CertificateSet, Mandatory = true)]
        public X509Certificate2? Certificate { get; set; }

        [Parameter(ParameterSetName = FederatedTokenSet, Mandatory = true)]
        public SecureString? FederatedToken { get; set; }

        [Parameter(ParameterSetName = ManagedIdentitySet, Mandatory = true)]
        public SwitchParameter ManagedIdentity { get; set; }

        /// <summary>AzureCloud (default), or a custom cloud; without it the ALOPS_S2S_* environment variables apply.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(CloudNameCompleter))]
        public object? Cloud { get; set; }

        protected override void EndProcessing()
        {
            try
            {
                var request = BuildRequest();
                var session = Run(ct => IdentitySignIn.ConnectAsync(request, ct));
                var connection = new S2SConnection(session);
                RememberEnvironments(connection);
                var previous = ConnectionStore.Current;
                ConnectionStore.Current = connection;
                if (previous != null && !ReferenceEquals(previous, connection)) previous.Session.Dispose();
                WriteObject(connection);
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.SignInFailed, TenantId);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        // So that -Environment completes right after Connect: one read of the admin center's list, best effort (an
        // operator who may not read it, or a slow service, costs Connect at most a few seconds and never fails it).
        private void RememberEnvironments(S2SConnection connection)
        {
            try
            {
                var environments = Run(async ct =>
                {
                    using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    bounded.CancelAfter(EnvironmentReadTimeout);
                    return await new AdminCenterClient(connection.Session).GetEnvironmentsAsync(bounded.Token).ConfigureAwait(false);
                });
                foreach (var environment in environments.Where(e => e.IsActive))
                {
                    connection.KnownEnvironments.Add(connection.TenantId, environment.Name);
                    connection.KnownEnvironments.Add(connection.TenantDomain, environment.Name);
                }
            }
            catch (Exception e) when (e is S2SException || e is OperationCanceledException || e is System.Net.Http.HttpRequestException)
            {
                WriteVerbose($"Environment names are not read for completion ({Redactor.Redact(e.Message)}); Register-ALOpsBcClient fills them in later.");
            }
        }

        private static readonly TimeSpan EnvironmentReadTimeout = TimeSpan.FromSeconds(10);

        private SignInRequest BuildRequest()
        {
            var cloud = Cloud != null ? S2SCloud.ToEndpoints(Cloud) : CloudResolver.FromEnvironment();
            var request = new SignInRequest(Mode(), cloud)
            {
                Tenant = TenantId == null ? null : InputValidation.Tenant(TenantId),
                ClientId = ClientId == null ? null : InputValidation.ClientId(ClientId),
                ClientSecret = ClientSecret,
                FederatedToken = FederatedToken,
                GraphAccessToken = GraphAccessToken,
                BusinessCentralAccessToken = BusinessCentralAccessToken,
                Certificate = CertificateThumbprint != null ? CertificateStoreLookup.Find(CertificateThumbprint) : Certificate,
            };
            if (request.Mode == SignInMode.AccessToken && GraphAccessToken == null && BusinessCentralAccessToken == null)
                throw new S2SException(S2SErrors.AccessTokenMissing, "Give -GraphAccessToken, -BusinessCentralAccessToken or both.", null,
                    "Pass the token(s) as SecureString, e.g. from az account get-access-token.");
            if (ClientSecret != null && ClientSecret.Length == 0)
                throw new S2SException(S2SErrors.EmptyClientSecret, "-ClientSecret is empty.", request.ClientId,
                    "Pass the secret Value (not its ID) as a SecureString.");
            return request;
        }

        private SignInMode Mode()
        {
            switch (ParameterSetName)
            {
                case DeviceCodeSet: return SignInMode.DeviceCode;
                case AccessTokenSet: return SignInMode.AccessToken;
                case ClientSecretSet: return SignInMode.ClientSecret;
                case CertificateThumbprintSet:
                case CertificateSet: return SignInMode.Certificate;
                case FederatedTokenSet: return SignInMode.FederatedToken;
                case ManagedIdentitySet: return SignInMode.ManagedIdentity;
                default: return SignInMode.Interactive;
            }
        }
    }
}
