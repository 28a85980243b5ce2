namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>Ends an Admin Center request with its flat error object <c>{"code","message","target"?}</c> (bc.admin.error.json).</summary>
public sealed class AdminCenterException(int statusCode, string code, string message, string? target = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Code { get; } = code;
    public string? Target { get; } = target;
}
