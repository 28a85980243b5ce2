using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Tokens;

/// <summary>
/// An RSA key with a self-signed certificate, as Entra publishes its token-signing keys:
/// the key id (<c>kid</c>) equals the base64url SHA-1 thumbprint (<c>x5t</c>).
/// </summary>
public sealed class SigningCredential : IDisposable
{
    private readonly RSA _key;
    // Made once: reading the key out of the certificate on every verification costs more than the verification.
    private readonly RSA _publicKey;

    private SigningCredential(RSA key, X509Certificate2 certificate)
    {
        _key = key;
        Certificate = certificate;
        _publicKey = certificate.GetRSAPublicKey()!;
        KeyId = Base64Url.Encode(certificate.GetCertHash(HashAlgorithmName.SHA1));
    }

    public X509Certificate2 Certificate { get; }
    public string KeyId { get; }
    public RSA PublicKey => _publicKey;

    /// <summary>Wraps <paramref name="key"/> (owned from now on) in a fresh self-signed certificate.</summary>
    public static SigningCredential Create(string subjectName, RSA key)
    {
        var request = new CertificateRequest(subjectName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        return new SigningCredential(key, certificate);
    }

    /// <summary>Writes a compact RS256 JWT with <c>typ</c>, <c>alg</c>, <c>kid</c> and <c>x5t</c> headers.</summary>
    public string Sign(JsonObject payload)
    {
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "RS256",
            ["x5t"] = KeyId,
            ["kid"] = KeyId,
        };
        var signingInput = Base64Url.Encode(header.ToJsonString()) + "." + Base64Url.Encode(payload.ToJsonString());
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.Encode(signature);
    }

    public bool Verify(JsonWebToken token) =>
        token.GetHeaderString("kid") is { } kid && kid == KeyId && token.VerifySignature(PublicKey);

    /// <summary>The public key as a JWK (RFC 7517) the way Entra's discovery keys endpoint lists it.</summary>
    public JsonObject ToJsonWebKey()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["x5t"] = KeyId,
            ["n"] = Base64Url.Encode(parameters.Modulus),
            ["e"] = Base64Url.Encode(parameters.Exponent),
            ["x5c"] = new JsonArray(Convert.ToBase64String(Certificate.RawData)),
        };
    }

    public void Dispose()
    {
        _key.Dispose();
        _publicKey.Dispose();
        Certificate.Dispose();
    }
}
