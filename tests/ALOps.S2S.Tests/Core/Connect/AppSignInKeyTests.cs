using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Identity;
using Xunit;

namespace ALOps.S2S.Tests.Core.Connect
{
    public class AppSignInKeyTests
    {
        private const string Tenant = "11111111-2222-3333-4444-555555555555";
        private const string Client = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

        private static readonly CloudEndpoints Cloud = CloudEndpoints.Custom("https://login.example.test", "https://graph.example.test", "https://bc.example.test", "Test");

        private static SecureString Secure(string value) => new NetworkCredential(string.Empty, value).SecurePassword;

        private static AppSignInKey SecretKey(SecureString secret, string tenant = Tenant, string client = Client)
            => new AppSignInKey(new SignInRequest(SignInMode.ClientSecret, Cloud) { Tenant = tenant, ClientId = client, ClientSecret = secret });

        private static AppSignInKey CertificateKey(X509Certificate2 certificate, string tenant = Tenant, string client = Client)
            => new AppSignInKey(new SignInRequest(SignInMode.Certificate, Cloud) { Tenant = tenant, ClientId = client, Certificate = certificate });

        private static X509Certificate2 NewCertificate(string subject)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        }

        private static void AssertEqualKeys(AppSignInKey a, AppSignInKey b)
        {
            Assert.True(a.Equals(b));
            Assert.True(b.Equals(a));
            Assert.True(a.Equals((object)b));
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }

        [Fact]
        public void The_same_tenant_client_mode_and_secret_object_are_one_key()
        {
            var secret = Secure("s3cret");
            AssertEqualKeys(SecretKey(secret), SecretKey(secret));

            // A dictionary keyed by it finds the earlier sign-in.
            var sessions = new Dictionary<AppSignInKey, string> { [SecretKey(secret)] = "first" };
            Assert.True(sessions.ContainsKey(SecretKey(secret)));
        }

        [Fact]
        public void An_equal_valued_but_different_secret_object_is_another_key()
        {
            Assert.False(SecretKey(Secure("s3cret")).Equals(SecretKey(Secure("s3cret"))));
        }

        [Fact]
        public void A_different_tenant_or_client_is_another_key()
        {
            var secret = Secure("s3cret");
            Assert.False(SecretKey(secret).Equals(SecretKey(secret, tenant: "99999999-2222-3333-4444-555555555555")));
            Assert.False(SecretKey(secret).Equals(SecretKey(secret, client: "ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee")));
            Assert.False(SecretKey(secret, tenant: "contoso.onmicrosoft.com").Equals(SecretKey(secret, tenant: "fabrikam.onmicrosoft.com")));
        }

        [Fact]
        public void The_client_id_and_tenant_domain_are_compared_ignoring_case()
        {
            var secret = Secure("s3cret");
            AssertEqualKeys(SecretKey(secret), SecretKey(secret, client: Client.ToUpperInvariant()));
            AssertEqualKeys(SecretKey(secret, tenant: "contoso.onmicrosoft.com"), SecretKey(secret, tenant: "Contoso.OnMicrosoft.com"));
        }

        [Fact]
        public void A_different_mode_is_another_key()
        {
            var token = Secure("federated");
            var federated = new AppSignInKey(new SignInRequest(SignInMode.FederatedToken, Cloud) { Tenant = Tenant, ClientId = Client, FederatedToken = token });
            var asSecret = SecretKey(token);
            Assert.False(federated.Equals(asSecret));
            AssertEqualKeys(federated, new AppSignInKey(new SignInRequest(SignInMode.FederatedToken, Cloud) { Tenant = Tenant, ClientId = Client, FederatedToken = token }));
        }

        [Fact]
        public void Certificates_are_compared_by_thumbprint()
        {
            using var certificate = NewCertificate("s2s key test");
            using var sameCertificateAgain = new X509Certificate2(certificate.RawData);
            using var other = NewCertificate("s2s key test");

            Assert.NotSame(certificate, sameCertificateAgain);
            AssertEqualKeys(CertificateKey(certificate), CertificateKey(sameCertificateAgain));
            Assert.False(CertificateKey(certificate).Equals(CertificateKey(other)));
            Assert.False(CertificateKey(certificate).Equals(CertificateKey(certificate, tenant: "99999999-2222-3333-4444-555555555555")));
        }

        [Fact]
        public void A_secret_never_equals_a_certificate_or_null()
        {
            using var certificate = NewCertificate("s2s key test");
            Assert.False(SecretKey(Secure(certificate.Thumbprint)).Equals(CertificateKey(certificate)));
            Assert.False(SecretKey(Secure("x")).Equals(null));
            Assert.False(SecretKey(Secure("x")).Equals((object)"not a key"));
        }
    }
}
