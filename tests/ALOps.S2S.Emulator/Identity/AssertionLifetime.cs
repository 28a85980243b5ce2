using ALOps.S2S.Emulator.Tokens;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>The <c>exp</c>/<c>nbf</c> check shared by certificate and federated assertions (five minutes of skew).</summary>
internal static class AssertionLifetime
{
    public static void Validate(DateTimeOffset now, JsonWebToken assertion)
    {
        var expires = assertion.GetNumericDate("exp") is { } exp ? DateTimeOffset.FromUnixTimeSeconds(exp) : (DateTimeOffset?)null;
        var notBefore = assertion.GetNumericDate("nbf") is { } nbf ? DateTimeOffset.FromUnixTimeSeconds(nbf) : (DateTimeOffset?)null;
        var skew = CertificateAssertionValidator.ClockSkew;
        if (expires is null || now > expires.Value + skew || (notBefore is { } start && start > now + skew))
            throw Aadsts.AssertionOutsideValidity(now, notBefore, expires);
    }
}
