using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// Entra puts <c>x-ms-request-id</c> on every answer (and echoes the caller's <c>client-request-id</c>), so a
/// client can quote it to support; error answers set their own (the trace id) before this runs.
/// </summary>
public static class LoginRequestIdMiddleware
{
    public static IApplicationBuilder UseLoginRequestIds(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (!headers.ContainsKey("x-ms-request-id")) headers["x-ms-request-id"] = Guid.NewGuid().ToString();
            if (context.Request.Headers.TryGetValue("client-request-id", out var sent)) headers["client-request-id"] = sent;
            return Task.CompletedTask;
        });
        await next(context);
    });
}
