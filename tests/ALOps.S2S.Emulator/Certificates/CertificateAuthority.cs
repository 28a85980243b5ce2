using ALOps.S2S.Emulator.Hosting;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ALOps.S2S.Emulator.Certificates;

/// <summary>
/// The emulator's private CA: <c>ca.pem</c> (public certificate, what test processes trust) and
/// <c>ca.key.pem</c> in one directory. Created once and reused, so a trust bundle built from it stays valid.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    public const string CertificateFileName = "ca.pem";
    public const string KeyFileName = "ca.key.pem";
    private const string LockFileName = "ca.lock";

    private CertificateAuthority(X509Certificate2 certificate, string certificatePath)
    {
        Certificate = certificate;
        CertificatePath = certificatePath;
    }

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePath { get; }

    /// <summary>Loads the CA from <paramref name="directory"/>, creating it when missing. Safe across processes.</summary>
    public static CertificateAuthority LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);

        using (FileLock.Acquire(Path.Combine(directory, LockFileName), TimeSpan.FromSeconds(30)))
        {
            if (!File.Exists(certificatePath) || !File.Exists(keyPath))
            {
                using var created = Create();
                using var key = created.GetECDsaPrivateKey()!;
                AtomicFile.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
                AtomicFile.WriteAllText(certificatePath, created.ExportCertificatePem() + "\n");
            }

            var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            return new CertificateAuthority(certificate, Path.GetFullPath(certificatePath));
        }
    }

    private static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ALOps S2S Emulator Test CA, O=ALOps (tests only)", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
    }

    public void Dispose() => Certificate.Dispose();
}
