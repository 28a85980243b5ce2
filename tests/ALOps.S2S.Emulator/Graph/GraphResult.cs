using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>Status and body of a Graph answer; no body means 204. <c>PlainText</c> answers <c>$count</c>.</summary>
public sealed record GraphResult(int StatusCode, JsonNode? Body, string? PlainText = null)
{
    public static readonly GraphResult NoContent = new(204, null);

    public static GraphResult Text(string text) => new(200, null, text);
}
