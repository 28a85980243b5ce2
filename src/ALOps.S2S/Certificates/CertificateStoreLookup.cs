using System;
using System.Security.Cryptography.X509Certificates;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Certificates
{
    /// <summary>Finds a certificate by thumbprint in the personal stores (current user first, then local machine).</summary>
    internal static class CertificateStoreLookup
    {
        public static X509Certificate2 Find(string thumbprint)
        {
            var normalized = (thumbprint ?? string.Empty).Replace(" ", string.Empty).Replace(":", string.Empty).ToUpperInvariant();
            if (normalized.Length != 40 || !IsHex(normalized))
                throw new S2SException(S2SErrors.InvalidCertificateThumbprint, $"'{thumbprint}' is not a certificate thumbprint (40 hexadecimal characters).", thumbprint,
                    "Copy the thumbprint from the certificate (Get-ChildItem Cert:\\CurrentUser\\My) or from the app registration's Certificates page.");
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                try
                {
                    using var store = new X509Store(StoreName.My, location);
                    store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                    var found = store.Certificates.Find(X509FindType.FindByThumbprint, normalized, validOnly: false);
                    if (found.Count > 0) return found[0];
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    // The store does not exist on this platform or for this user: look in the next one.
                }
            }
            throw new S2SException(S2SErrors.CertificateNotFound, $"No certificate with thumbprint {normalized} is in the CurrentUser or LocalMachine personal store.", normalized,
                "Import the certificate with its private key into Cert:\\CurrentUser\\My, or pass it with -Certificate.");
        }

        private static bool IsHex(string value)
        {
            foreach (var c in value)
                if (!Uri.IsHexDigit(c)) return false;
            return true;
        }
    }
}
