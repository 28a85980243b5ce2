using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>An Admin Center answer: status and JSON body (null for 204).</summary>
public sealed record AdminCenterResult(int StatusCode, JsonNode? Body)
{
    public static AdminCenterResult Ok(JsonNode body) => new(200, body);

    public static readonly AdminCenterResult NoContent = new(204, null);
}
