using System.Linq;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Identity;

namespace ALOps.S2S.Certificates
{
    /// <summary>
    /// The app's own credential as a cmdlet received it (from parameters or a piped object): at most one of a
    /// secret, a certificate (object, store thumbprint or file) or a federated token.
    /// </summary>
    internal sealed class AppCredential
    {
        public SecureString? ClientSecret { get; set; }
        public X509Certificate2? Certificate { get; set; }
        public string? CertificateThumbprint { get; set; }
        /// <summary>Already resolved to a file system path.</summary>
        public string? CertificatePath { get; set; }
        public SecureString? CertificatePassword { get; set; }
        public SecureString? FederatedToken { get; set; }

        private int Count => new[] { ClientSecret != null, Certificate != null, HasOtherThumbprint, CertificatePath != null, FederatedToken != null }.Count(given => given);

        // A piped thumbprint of the very certificate also given as an object adds nothing.
        private bool HasOtherThumbprint => !string.IsNullOrEmpty(CertificateThumbprint)
            && !string.Equals(CertificateThumbprint, Certificate?.Thumbprint, System.StringComparison.OrdinalIgnoreCase);

        /// <summary>The sign-in request for the app; null when no credential was given.</summary>
        public SignInRequest? ToSignIn(CloudEndpoints cloud, string tenant, string clientId)
        {
            if (Count == 0) return null;
            if (Count > 1)
                throw new S2SException(S2SErrors.AmbiguousCredential, "More than one credential of the app was given.", clientId,
                    "Pass one of -ClientSecret, -Certificate, -CertificateThumbprint, -CertificatePath or -FederatedToken.");
            SignInRequest request;
            if (ClientSecret != null) request = new SignInRequest(SignInMode.ClientSecret, cloud) { ClientSecret = ClientSecret };
            else if (Certificate != null) request = new SignInRequest(SignInMode.Certificate, cloud) { Certificate = Certificate };
            else if (HasOtherThumbprint) request = new SignInRequest(SignInMode.Certificate, cloud) { Certificate = CertificateStoreLookup.Find(CertificateThumbprint!) };
            else if (CertificatePath != null) request = new SignInRequest(SignInMode.Certificate, cloud) { Certificate = CertificateFileLoader.Load(CertificatePath, CertificatePassword) };
            else request = new SignInRequest(SignInMode.FederatedToken, cloud) { FederatedToken = FederatedToken };
            request.Tenant = tenant;
            request.ClientId = clientId;
            return request;
        }
    }
}
