using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Faults;

/// <summary>
/// Applies an installed fault to a request of an emulated host before the service sees it. Sits inside the request
/// log, so every faulted request is logged (with <c>fault</c> set to its kind).
/// </summary>
public static class FaultMiddleware
{
    /// <param name="hostOf">The same host name the request log uses ("login", "graph", "bc", "msi").</param>
    public static IApplicationBuilder UseFaults(this IApplicationBuilder app, FaultTable faults, TimeProvider clock, Func<HttpContext, string> hostOf) =>
        app.Use(async (context, next) =>
        {
            var host = hostOf(context);
            var rule = faults.Take(host, context.Request.Method, context.Request.Path.Value ?? "/", clock.GetUtcNow());
            if (rule is null)
            {
                await next(context);
                return;
            }
            RequestLog.AnnotateFault(context, rule.Kind.ToString().ToLowerInvariant());
            switch (rule.Kind)
            {
                case FaultKind.Latency:
                    await Task.Delay(TimeSpan.FromMilliseconds(rule.LatencyMs), context.RequestAborted);
                    await next(context);
                    return;
                case FaultKind.Drop:
                    // Read the request first, as a server that dies mid-way would have; then no answer at all.
                    await DrainAsync(context);
                    context.Abort();
                    return;
                default:
                    var requestId = Guid.NewGuid().ToString();
                    context.Response.Headers["request-id"] = requestId;
                    context.Response.Headers["client-request-id"] = requestId;
                    if (rule.Kind != FaultKind.GatewayTimeout)
                        context.Response.Headers.RetryAfter = rule.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await JsonResults.WriteAsync(context, FaultBodies.StatusOf(rule.Kind), FaultBodies.For(host, rule.Kind, clock.GetUtcNow(), requestId));
                    return;
            }
        });

    private static async Task DrainAsync(HttpContext context)
    {
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client went away first; nothing to drop.
        }
    }
}
