using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Tokens;

/// <summary>
/// Reads the bearer tokens that Graph and Business Central calls carry: parsed and checked against the emulator's
/// signing key once per token text, since a client sends one token with many calls. The emulator shares the machine's
/// cores with the code under test; verifying the same RSA signature and parsing the same JSON on every call only took
/// them from it. The same text always gives the same answer, so remembering it changes no outcome.
/// </summary>
public sealed class BearerTokenReader(SigningCredential signing)
{
    private const int Remembered = 4096;
    private readonly ConcurrentDictionary<string, JsonWebToken> _verified = new(StringComparer.Ordinal);

    public enum Outcome { Verified, Malformed, NotSigned }

    /// <summary>The token when it is a JWS that this emulator's Entra signed; else null and why.</summary>
    public JsonWebToken? Read(string compact, out Outcome outcome)
    {
        if (_verified.TryGetValue(compact, out var known))
        {
            outcome = Outcome.Verified;
            return known;
        }
        if (!JsonWebToken.TryParse(compact, out var token))
        {
            outcome = Outcome.Malformed;
            return null;
        }
        if (!signing.Verify(token))
        {
            outcome = Outcome.NotSigned;
            return null;
        }
        // JsonObject and JsonArray build their contents on first read: built here, concurrent calls only read them.
        Materialize(token.Header);
        Materialize(token.Payload);
        if (_verified.Count >= Remembered) _verified.Clear();
        _verified[compact] = token;
        outcome = Outcome.Verified;
        return token;
    }

    private static void Materialize(JsonNode? node)
    {
        if (node is JsonObject obj)
            foreach (var property in obj) Materialize(property.Value);
        else if (node is JsonArray array)
            foreach (var item in array) Materialize(item);
    }
}
