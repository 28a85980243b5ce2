using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Tokens;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>Certificates and client assertions in the two documented forms (entra.client-assertion.certificate.json).</summary>
public static class ClientAssertions
{
    public enum Form
    {
        /// <summary>Current doc: alg PS256, header x5t#S256 (SHA-256 thumbprint).</summary>
        Ps256WithSha256Thumbprint,

        /// <summary>Earlier revision: alg RS256, header x5t (SHA-1 thumbprint).</summary>
        Rs256WithSha1Thumbprint,
    }

    public static X509Certificate2 CreateCertificate(string subject = "CN=ALOps S2S test client", DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), notAfter ?? now.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public static string Create(X509Certificate2 certificate, string clientId, string audience, Form form = Form.Ps256WithSha256Thumbprint,
        DateTimeOffset? notBefore = null, DateTimeOffset? expires = null, string? subject = null)
    {
        var now = DateTimeOffset.UtcNow;
        var header = form == Form.Ps256WithSha256Thumbprint
            ? new JsonObject { ["alg"] = "PS256", ["typ"] = "JWT", ["x5t#S256"] = Base64Url.Encode(certificate.GetCertHash(HashAlgorithmName.SHA256)) }
            : new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["x5t"] = Base64Url.Encode(certificate.GetCertHash(HashAlgorithmName.SHA1)) };
        var start = notBefore ?? now;
        var payload = new JsonObject
        {
            ["aud"] = audience,
            ["exp"] = (expires ?? start.AddMinutes(10)).ToUnixTimeSeconds(),
            ["iss"] = clientId,
            ["jti"] = Guid.NewGuid().ToString(),
            ["nbf"] = start.ToUnixTimeSeconds(),
            ["iat"] = start.ToUnixTimeSeconds(),
            ["sub"] = subject ?? clientId,
        };
        var signingInput = Base64Url.Encode(header.ToJsonString()) + "." + Base64Url.Encode(payload.ToJsonString());
        using var key = certificate.GetRSAPrivateKey()!;
        var padding = form == Form.Ps256WithSha256Thumbprint ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, padding);
        return signingInput + "." + Base64Url.Encode(signature);
    }
}
