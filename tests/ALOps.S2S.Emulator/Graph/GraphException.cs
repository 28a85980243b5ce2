using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>Ends a Graph request with the Graph error envelope (<c>error.code</c>, <c>error.message</c>, optional details).</summary>
public sealed class GraphException(int statusCode, string code, string message, JsonArray? details = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Code { get; } = code;
    public JsonArray? Details { get; } = details;
}
