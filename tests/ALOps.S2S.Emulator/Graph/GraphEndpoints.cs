using ALOps.S2S.Emulator.Batching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>Routes of the Graph host: everything under <c>/v1.0/</c> (JSON <c>$batch</c> included) goes to <see cref="GraphService"/>.</summary>
public static class GraphEndpoints
{
    public static void MapGraph(this IEndpointRouteBuilder app) =>
        app.MapMethods("/v1.0/{**path}", ["GET", "POST", "PATCH", "DELETE", "PUT"],
            (HttpContext context, string? path, GraphService graph) => graph.HandleAsync(context, path));

    public static IServiceCollection AddGraphServices(this IServiceCollection services) => services
        .AddSingleton<GraphTokenValidator>()
        .AddSingleton<GraphService>()
        .AddSingleton<GraphBatchHandler>()
        .AddJsonBatching();
}
