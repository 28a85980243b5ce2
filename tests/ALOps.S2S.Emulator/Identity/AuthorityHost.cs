using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>The scheme, host and port a client used to reach the login host (no trailing slash).</summary>
public static class AuthorityHost
{
    public static string Of(HttpRequest request) => $"{request.Scheme}://{request.Host.Value}";
}
