using System;
using System.IO;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Certificates
{
    /// <summary>Reads a certificate file (.cer/.crt/.pem, or .pfx with its password) with errors a person can act on.</summary>
    internal static class CertificateFileLoader
    {
        public static X509Certificate2 Load(string path, SecureString? password)
        {
            if (!File.Exists(path))
                throw new S2SException(S2SErrors.CertificateFileNotFound, $"The certificate file '{path}' does not exist.", path,
                    "Give the path of a .cer, .pem or .pfx file.");
            try
            {
                return password == null ? new X509Certificate2(path) : new X509Certificate2(path, password, X509KeyStorageFlags.Exportable);
            }
            catch (CryptographicException ex)
            {
                throw new S2SException(S2SErrors.InvalidCertificateFile, $"'{path}' is not an X.509 certificate this module can read ({ex.Message}).", path,
                    "Give a DER or PEM certificate (.cer/.crt/.pem), or a .pfx with -CertificatePassword.");
            }
        }
    }
}
