using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Tokens;

/// <summary>A parsed compact JWS (header.payload.signature); signature checks are explicit calls.</summary>
public sealed class JsonWebToken
{
    private JsonWebToken(JsonObject header, JsonObject payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonObject Header { get; }
    public JsonObject Payload { get; }
    public byte[] SigningInput { get; }
    public byte[] Signature { get; }

    public string? Algorithm => GetHeaderString("alg");
    public string? Issuer => GetString("iss");
    public string? Subject => GetString("sub");

    public static bool TryParse(string? compact, out JsonWebToken token)
    {
        token = null!;
        if (string.IsNullOrEmpty(compact)) return false;
        var parts = compact.Split('.');
        if (parts.Length != 3) return false;
        if (!Base64Url.TryDecode(parts[0], out var headerBytes) ||
            !Base64Url.TryDecode(parts[1], out var payloadBytes) ||
            !Base64Url.TryDecode(parts[2], out var signature)) return false;
        try
        {
            if (JsonNode.Parse(headerBytes) is not JsonObject header ||
                JsonNode.Parse(payloadBytes) is not JsonObject payload) return false;
            token = new JsonWebToken(header, payload, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public string? GetHeaderString(string name) => AsString(Header[name]);

    public string? GetString(string claim) => AsString(Payload[claim]);

    /// <summary>Numeric date claims (exp, nbf, iat); some issuers write them as strings or decimals.</summary>
    public long? GetNumericDate(string claim)
    {
        var node = Payload[claim];
        if (node is not JsonValue value) return null;
        if (value.TryGetValue<long>(out var l)) return l;
        if (value.TryGetValue<double>(out var d)) return (long)d;
        if (value.TryGetValue<string>(out var s) && long.TryParse(s, out l)) return l;
        return null;
    }

    /// <summary>The aud claim is a string or an array of strings (RFC 7519 §4.1.3).</summary>
    public IReadOnlyList<string> GetAudiences()
    {
        return Payload["aud"] switch
        {
            JsonArray array => array.Select(AsString).OfType<string>().ToList(),
            JsonValue v when AsString(v) is { } s => [s],
            _ => [],
        };
    }

    /// <summary>Verifies RS256 or PS256 with the given public key; any other algorithm fails.</summary>
    public bool VerifySignature(RSA key)
    {
        var padding = Algorithm switch
        {
            "RS256" => RSASignaturePadding.Pkcs1,
            "PS256" => RSASignaturePadding.Pss,
            _ => null,
        };
        if (padding is null) return false;
        try
        {
            return key.VerifyData(SigningInput, Signature, HashAlgorithmName.SHA256, padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
