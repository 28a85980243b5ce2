using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Tokens;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>Reads JWT parts without validating them (the tests validate what they care about).</summary>
public static class Jwt
{
    public static JsonObject Header(string token) => Part(token, 0);

    public static JsonObject Payload(string token) => Part(token, 1);

    public static IReadOnlyList<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => (string)n!).ToList(),
        null => [],
        _ => [(string)node!],
    };

    private static JsonObject Part(string token, int index)
    {
        Base64Url.TryDecode(token.Split('.')[index], out var bytes);
        return (JsonObject)JsonNode.Parse(bytes)!;
    }
}
