using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>An environment API answer: status, JSON body (null for 204) and an optional <c>Location</c>.</summary>
public sealed record ODataResult(int StatusCode, JsonObject? Body, string? Location = null)
{
    public static ODataResult Ok(JsonObject body) => new(200, body);

    public static readonly ODataResult NoContent = new(204, null);
}
