using ALOps.S2S.Emulator.Batching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>Routes of the Business Central host: the Admin Center API and the environment APIs, on their real paths.</summary>
public static class BusinessCentralEndpoints
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static void MapBusinessCentral(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/admin/{version}/{**path}", Methods,
            (HttpContext context, string version, string? path, AdminCenterService adminCenter) => adminCenter.HandleAsync(context, version, path));
        app.MapMethods("/v2.0/{**path}", Methods,
            (HttpContext context, string? path, EnvironmentApiService environments) => environments.HandleAsync(context, path));
    }

    public static IServiceCollection AddBusinessCentralServices(this IServiceCollection services) => services
        .AddSingleton<BcTokenValidator>()
        .AddSingleton<AdminCenterService>()
        .AddSingleton<EnvironmentApiService>()
        .AddSingleton<ODataBatchHandler>()
        .AddJsonBatching();
}
