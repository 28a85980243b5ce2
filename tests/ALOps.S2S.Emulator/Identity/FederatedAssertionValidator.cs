using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// Validates an external token presented as client assertion (workload identity federation): a
/// federatedIdentityCredential of the app must match its issuer, subject (both exact, case-sensitive) and audience,
/// and the issuer's signing key must verify it. Only the emulator's own test issuer can be reached for keys.
/// </summary>
public sealed class FederatedAssertionValidator(TestIssuer testIssuer)
{
    public void Validate(WorldState world, AppRegistration app, JsonWebToken assertion)
    {
        if (app.FederatedIdentityCredentials.Count == 0)
            throw Aadsts.NoFederatedCredentials(app.AppId, app.DisplayName);

        var byIssuer = app.FederatedIdentityCredentials.Where(f => string.Equals(f.Issuer, assertion.Issuer, StringComparison.Ordinal)).ToList();
        if (byIssuer.Count == 0) throw Aadsts.FederatedIssuerMismatch(assertion.Issuer);

        var bySubject = byIssuer.Where(f => string.Equals(f.Subject, assertion.Subject, StringComparison.Ordinal)).ToList();
        if (bySubject.Count == 0) throw Aadsts.FederatedSubjectMismatch(assertion.Subject);

        var audiences = assertion.GetAudiences();
        if (!bySubject.Any(f => f.Audiences.Any(a => audiences.Contains(a, StringComparer.Ordinal))))
            throw Aadsts.FederatedAudienceMismatch(string.Join(",", audiences));

        if (!testIssuer.IsIssuerOf(assertion)) throw Aadsts.ExternalIssuerUnreachable(assertion.Issuer);
        if (!testIssuer.Verify(assertion)) throw Aadsts.AssertionSignatureInvalid();

        AssertionLifetime.Validate(world.Now, assertion);
    }
}
