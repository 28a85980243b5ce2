using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>
/// HTTP clients that trust the emulator CA only (tests only: a chain check against ca.pem, host name still checked).
/// Nothing is added to the machine trust store.
/// </summary>
public static class TrustedHttp
{
    public static HttpClientHandler CreateHandler(X509Certificate2 caCertificate) => new()
    {
        AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ||
                errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(caCertificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        },
    };

    public static HttpClient CreateClient(X509Certificate2 caCertificate) => new(CreateHandler(caCertificate));
}
