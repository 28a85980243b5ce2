using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ALOps.S2S.Certificates
{
    /// <summary>
    /// Makes the self-signed client certificate for an app (RSA 2048, SHA-256, digital signature). Lives in the
    /// cmdlet assembly because the netstandard2.0 engine has no CertificateRequest.
    /// </summary>
    internal static class SelfSignedCertificateFactory
    {
        public static X509Certificate2 Create(string subjectName, TimeSpan lifetime)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest(new X500DistinguishedName("CN=" + subjectName.Replace(",", " ").Replace("=", " ")), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") }, critical: false));
            var now = DateTimeOffset.UtcNow;
            using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(lifetime));
            // Re-import so the private key is usable for signing on every platform (ephemeral keys are not on Windows).
            var transientPassword = Guid.NewGuid().ToString("N");
            var pfx = created.Export(X509ContentType.Pkcs12, transientPassword);
            try
            {
                return new X509Certificate2(pfx, transientPassword, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.UserKeySet);
            }
            finally
            {
                Array.Clear(pfx, 0, pfx.Length);
            }
        }
    }
}
