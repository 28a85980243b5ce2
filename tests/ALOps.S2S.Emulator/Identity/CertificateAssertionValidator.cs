using System.Security.Cryptography;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// Validates a certificate client assertion (iss = sub = client id) against the app's keyCredentials:
/// RS256 with <c>x5t</c> (SHA-1) or PS256 with <c>x5t#S256</c> (SHA-256), audience = this tenant's token endpoint,
/// and <c>nbf</c>/<c>exp</c> with five minutes of clock skew.
/// </summary>
public sealed class CertificateAssertionValidator
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public void Validate(WorldState world, Tenant tenant, AppRegistration app, JsonWebToken assertion, Uri requestOrigin)
    {
        if (!string.Equals(assertion.Subject, assertion.Issuer, StringComparison.OrdinalIgnoreCase))
            throw Aadsts.AssertionSubjectMismatchesIssuer();

        var (thumbprint, key) = FindKey(app, assertion);
        if (key is null || !world.IsReplicated(key.ReplicatedAt) || key.StartDateTime > world.Now.Add(ClockSkew))
            throw Aadsts.AssertionKeyNotFound(thumbprint, app.AppId);
        if (key.EndDateTime <= world.Now)
            throw Aadsts.AssertionKeyExpired(thumbprint, app.AppId);

        using (var publicKey = key.GetRsaPublicKey())
        {
            if (publicKey is null || !assertion.VerifySignature(publicKey)) throw Aadsts.AssertionSignatureInvalid();
        }

        AssertionLifetime.Validate(world.Now, assertion);

        var audiences = assertion.GetAudiences();
        if (!audiences.Any(a => IsTokenEndpointOf(world, tenant, a, requestOrigin)))
            throw Aadsts.AssertionAudienceInvalid(audiences.FirstOrDefault());
    }

    private static (string Thumbprint, KeyCredential? Key) FindKey(AppRegistration app, JsonWebToken assertion)
    {
        var certificates = app.KeyCredentials.Where(k => k.Type == "AsymmetricX509Cert" && k.Usage == "Verify").ToList();
        if (assertion.GetHeaderString("x5t#S256") is { } sha256 && Base64Url.TryDecode(sha256, out var sha256Bytes))
            return (Convert.ToHexString(sha256Bytes), certificates.FirstOrDefault(k => k.Sha256Thumbprint.AsSpan().SequenceEqual(sha256Bytes)));
        if (assertion.GetHeaderString("x5t") is { } sha1 && Base64Url.TryDecode(sha1, out var sha1Bytes))
            return (Convert.ToHexString(sha1Bytes), certificates.FirstOrDefault(k => k.Sha1Thumbprint.AsSpan().SequenceEqual(sha1Bytes)));
        return ("(none)", null);
    }

    /// <summary><c>https://{emulator host}/{tenant id or domain}/oauth2/v2.0/token</c> (or the v1 <c>/oauth2/token</c>).</summary>
    private static bool IsTokenEndpointOf(WorldState world, Tenant tenant, string audience, Uri requestOrigin)
    {
        if (!Uri.TryCreate(audience, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Port != requestOrigin.Port) return false;
        if (uri.Host is not ("127.0.0.1" or "localhost")) return false;
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var isTokenPath = segments.Length >= 3 && segments[1] == "oauth2" &&
                          (segments is [_, _, "token"] || segments is [_, _, "v2.0", "token"]);
        return isTokenPath && world.FindTenant(segments[0]) == tenant;
    }
}
