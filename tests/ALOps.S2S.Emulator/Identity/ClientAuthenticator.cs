using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// Authenticates a confidential client with a secret, a certificate assertion or a federated assertion.
/// Returns the <c>appidacr</c> value: "1" for a secret, "2" for an assertion.
/// </summary>
public sealed class ClientAuthenticator(CertificateAssertionValidator certificates, FederatedAssertionValidator federated)
{
    public string Authenticate(WorldState world, Tenant tenant, AppRegistration app, ClientCredentials credentials, Uri requestOrigin)
    {
        if (credentials.IsEmpty) throw Aadsts.MissingClientCredential();
        if (app.IsPublicClient && app.OwnerTenantId == WellKnown.MicrosoftServicesTenantId) throw Aadsts.PublicClientWithCredential();

        if (credentials.Assertion is { } assertionText)
        {
            if (credentials.AssertionType != ClientCredentials.JwtBearerAssertionType)
                throw Aadsts.UnsupportedAssertionType(credentials.AssertionType ?? "");
            if (!JsonWebToken.TryParse(assertionText, out var assertion)) throw Aadsts.MalformedAssertion();

            // A certificate assertion is self-issued by the client; anything else comes from an external issuer.
            if (string.Equals(assertion.Issuer, app.AppId.ToString(), StringComparison.OrdinalIgnoreCase))
                certificates.Validate(world, tenant, app, assertion, requestOrigin);
            else
                federated.Validate(world, app, assertion);
            return "2";
        }

        ValidateSecret(world, app, credentials.Secret!);
        return "1";
    }

    private static void ValidateSecret(WorldState world, AppRegistration app, string secret)
    {
        var matching = app.PasswordCredentials.Where(p => p.Matches(secret)).ToList();
        if (matching.Any(p => world.IsReplicated(p.ReplicatedAt) && p.StartDateTime <= world.Now && p.EndDateTime > world.Now)) return;
        if (matching.Any(p => world.IsReplicated(p.ReplicatedAt) && p.EndDateTime <= world.Now))
            throw Aadsts.ExpiredClientSecret(app.AppId);
        throw Aadsts.InvalidClientSecret(app.AppId);
    }
}
