using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Tokens;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// An external OpenID Connect issuer (think GitHub Actions or Azure DevOps) whose tokens tests exchange through
/// federated identity credentials. Served under <c>testIssuer</c> on the control host.
/// </summary>
public sealed class TestIssuer(SigningCredential signing) : IDisposable
{
    private readonly SigningCredential _signing = signing;

    /// <summary>The <c>iss</c> value of its tokens; known once the control host listens.</summary>
    public string IssuerUrl { get; set; } = "";

    public string IssueToken(string subject, string audience, TimeSpan lifetime, DateTimeOffset now) =>
        _signing.Sign(new JsonObject
        {
            ["iss"] = IssuerUrl,
            ["sub"] = subject,
            ["aud"] = audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
        });

    public bool IsIssuerOf(JsonWebToken token) => string.Equals(token.Issuer, IssuerUrl, StringComparison.Ordinal);

    public bool Verify(JsonWebToken token) => _signing.Verify(token);

    public JsonObject OpenIdConfiguration() => new()
    {
        ["issuer"] = IssuerUrl,
        ["jwks_uri"] = IssuerUrl + "/keys",
        ["response_types_supported"] = new JsonArray("id_token"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["claims_supported"] = new JsonArray("sub", "aud", "exp", "iat", "iss", "jti", "nbf"),
    };

    public JsonObject KeySet() => new() { ["keys"] = new JsonArray(_signing.ToJsonWebKey()) };

    public void Dispose() => _signing.Dispose();
}
