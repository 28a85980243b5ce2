using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ALOps.S2S.Emulator.Batching;

/// <summary>
/// A host's request pipeline from the request log on (request log → faults and rate limits → routes), captured while
/// the host is built, so that every inner request of a JSON batch goes through exactly what a direct request goes
/// through. One per host (a singleton of the host's own services).
/// </summary>
public sealed class BatchPipeline
{
    private RequestDelegate? _next;

    public RequestDelegate Next => _next ?? throw new InvalidOperationException("The host did not capture its pipeline (BatchPipeline.Capture).");

    /// <summary>
    /// Call first when building a host that serves JSON batches: what is added after it is what inner requests run
    /// through. Routing must be part of it (an explicit <c>UseRouting()</c> after the other middleware), or inner
    /// requests would reach the endpoints unrouted.
    /// </summary>
    public static void Capture(IApplicationBuilder app)
    {
        var pipeline = app.ApplicationServices.GetRequiredService<BatchPipeline>();
        app.Use(next =>
        {
            pipeline._next = next;
            return next;
        });
    }
}
