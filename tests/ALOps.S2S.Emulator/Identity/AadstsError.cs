namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// A Microsoft identity platform error: the OAuth <c>error</c> value, the AADSTS number, the HTTP status and the
/// message that follows <c>AADSTSnnnn: </c> in <c>error_description</c>.
/// </summary>
public sealed record AadstsError(int Code, string Error, int StatusCode, string Message);

/// <summary>Thrown anywhere in a token request to end it with an AADSTS error body.</summary>
public sealed class AadstsException(AadstsError error) : Exception($"AADSTS{error.Code}: {error.Message}")
{
    public AadstsError Error { get; } = error;
}
