using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Control;

/// <summary>Records every request of an emulated service after it completes, under the host name tests filter on.</summary>
public static class RequestLogMiddleware
{
    /// <param name="hostOf">Maps a request to "login", "graph", "bc" or "msi".</param>
    /// <param name="store">Resolves a tenant domain in the path to its GUID (<see cref="RequestTenant"/>).</param>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app, RequestLog log, TimeProvider clock, Func<HttpContext, string> hostOf, DirectoryStore store) =>
        app.Use(async (context, next) =>
        {
            RequestTenant.Resolve(context, hostOf(context), store);
            var startedAt = clock.GetUtcNow();
            try
            {
                await next(context);
            }
            finally
            {
                log.Record(context, hostOf(context), startedAt, clock.GetUtcNow());
            }
        });
}
