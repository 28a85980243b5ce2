using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Faults;

/// <summary>
/// Applies installed faults to a request of an emulated host before the service sees it, in this order: the first
/// matching <c>latency</c> fault delays it; then the first matching <c>rateLimit</c> fault answers 429 when the
/// (host, tenant) bucket is empty; then the first matching fault of the other kinds applies. Sits inside the request
/// log, so every faulted request is logged (with <c>fault</c> set to the kind that decided its answer).
/// </summary>
public static class FaultMiddleware
{
    /// <param name="hostOf">The same host name the request log uses ("login", "graph", "bc", "msi").</param>
    /// <param name="takesNoToken">
    /// Requests that pass <c>rateLimit</c> faults without taking a token: an envelope whose inner requests go through
    /// this middleware themselves (a JSON <c>$batch</c> of bc or graph, <c>JsonBatchRunner.IsBatch</c>), so each of them
    /// counts instead.
    /// </param>
    public static IApplicationBuilder UseFaults(this IApplicationBuilder app, FaultTable faults, TimeProvider clock, Func<HttpContext, string> hostOf,
        Func<HttpContext, bool>? takesNoToken = null) =>
        app.Use(async (context, next) =>
        {
            var host = hostOf(context);
            var method = context.Request.Method;
            var path = context.Request.Path.Value ?? "/";

            if (faults.TakeLatency(host, method, path, clock.GetUtcNow()) is { } latency)
            {
                RequestLog.AnnotateFault(context, "latency");
                await Task.Delay(TimeSpan.FromMilliseconds(latency.LatencyMs), context.RequestAborted);
            }

            if (takesNoToken?.Invoke(context) != true && faults.CheckRateLimit(host, RequestTenant.Of(context), method, path, clock.GetUtcNow()) is { } limited)
            {
                RequestLog.AnnotateFault(context, "rateLimit");
                await WriteFaultAsync(context, host, FaultKind.Throttle, limited.RetryAfterSeconds, clock);
                return;
            }

            var rule = faults.Take(host, method, path, clock.GetUtcNow());
            if (rule is null)
            {
                await next(context);
                return;
            }
            RequestLog.AnnotateFault(context, rule.Kind.ToString().ToLowerInvariant());
            switch (rule.Kind)
            {
                case FaultKind.Drop:
                    // Read the request first, as a server that dies mid-way would have; then no answer at all.
                    await DrainAsync(context);
                    context.Abort();
                    return;
                default:
                    await WriteFaultAsync(context, host, rule.Kind, rule.RetryAfterSeconds, clock);
                    return;
            }
        });

    private static async Task WriteFaultAsync(HttpContext context, string host, FaultKind kind, int retryAfterSeconds, TimeProvider clock)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["request-id"] = requestId;
        context.Response.Headers["client-request-id"] = requestId;
        if (kind != FaultKind.GatewayTimeout)
            context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await JsonResults.WriteAsync(context, FaultBodies.StatusOf(kind), FaultBodies.For(host, kind, clock.GetUtcNow(), requestId));
    }

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
