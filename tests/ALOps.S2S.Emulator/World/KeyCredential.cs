using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ALOps.S2S.Emulator.World;

/// <summary>A certificate credential (<c>keyCredentials</c> entry, type AsymmetricX509Cert, usage Verify).</summary>
public sealed class KeyCredential
{
    public KeyCredential(byte[] certificateDer, DateTimeOffset start, DateTimeOffset end, DateTimeOffset replicatedAt, string? displayName = null)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        Key = certificateDer;
        Sha1Thumbprint = certificate.GetCertHash(HashAlgorithmName.SHA1);
        Sha256Thumbprint = certificate.GetCertHash(HashAlgorithmName.SHA256);
        StartDateTime = start;
        EndDateTime = end;
        ReplicatedAt = replicatedAt;
        DisplayName = displayName ?? certificate.Subject;
    }

    public Guid KeyId { get; init; } = Guid.NewGuid();
    public string Type { get; init; } = "AsymmetricX509Cert";
    public string Usage { get; init; } = "Verify";
    public string? DisplayName { get; }
    public byte[] Key { get; }
    public byte[] Sha1Thumbprint { get; }
    public byte[] Sha256Thumbprint { get; }
    public DateTimeOffset StartDateTime { get; }
    public DateTimeOffset EndDateTime { get; set; }
    public DateTimeOffset ReplicatedAt { get; }

    public RSA? GetRsaPublicKey()
    {
        using var certificate = X509CertificateLoader.LoadCertificate(Key);
        return certificate.GetRSAPublicKey();
    }
}
