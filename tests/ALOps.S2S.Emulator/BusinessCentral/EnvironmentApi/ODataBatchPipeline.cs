using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// The bc host's request pipeline from the request log on (request log → faults and rate limits → routes), captured
/// while the host is built, so that every inner request of a <c>$batch</c> goes through exactly what a direct request
/// goes through.
/// </summary>
public sealed class ODataBatchPipeline
{
    private RequestDelegate? _next;

    public RequestDelegate Next => _next ?? throw new InvalidOperationException("The bc host did not capture its pipeline (CaptureODataBatchPipeline).");

    /// <summary>
    /// Call first when building the bc host: what is added after it is what inner requests run through. Routing must
    /// be part of it (an explicit <c>UseRouting()</c> after the other middleware), or inner requests would reach the
    /// endpoints unrouted.
    /// </summary>
    public static void Capture(IApplicationBuilder app)
    {
        var pipeline = app.ApplicationServices.GetRequiredService<ODataBatchPipeline>();
        app.Use(next =>
        {
            pipeline._next = next;
            return next;
        });
    }
}
