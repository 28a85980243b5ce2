using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace ALOps.S2S.Certificates
{
    /// <summary>Writes a certificate with its private key to a PFX protected by a password, readable by the owner only.</summary>
    internal static class PfxExporter
    {
        public static void Export(X509Certificate2 certificate, string path, SecureString password)
        {
            var bytes = certificate.Export(X509ContentType.Pkcs12, password);
            try
            {
                var directory = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
                // Create the file owner-only before any key byte is written to it.
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    RestrictToOwner(path);
                    stream.Write(bytes, 0, bytes.Length);
                }
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        /// <summary>Adds the certificate with its key to the current user's personal store (Windows).</summary>
        public static bool TryAddToWindowsStore(X509Certificate2 certificate, SecureString password)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return false;
            var bytes = certificate.Export(X509ContentType.Pkcs12, password);
            try
            {
                using var persisted = new X509Certificate2(bytes, password, X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.UserKeySet);
                using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
                store.Open(OpenFlags.ReadWrite);
                store.Add(persisted);
                return true;
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        private static void RestrictToOwner(string path)
        {
#if NET
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
#endif
        }
    }
}
