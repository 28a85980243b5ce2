namespace ALOps.S2S.Emulator.Control;

/// <summary>A control API request the emulator cannot carry out; answered as <c>{"error": message}</c>.</summary>
public sealed class ControlException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
