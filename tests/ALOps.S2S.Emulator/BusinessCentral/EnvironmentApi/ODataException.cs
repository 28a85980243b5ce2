namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Ends an environment API request with BC's OData error <c>{"error":{"code","message"}}</c>; the writer appends
/// <c>  CorrelationId:  &lt;guid&gt;.</c> to the message as BC does (bc.api.error.json).
/// </summary>
public sealed class ODataException(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Code { get; } = code;
}
