using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ALOps.S2S.Emulator.Hosting;

/// <summary>One emulated host (login, graph, bc or control): a Kestrel HTTPS listener on 127.0.0.1 and a free port.</summary>
internal static class ServiceApp
{
    public static WebApplication Create(EmulatorRuntime runtime, X509Certificate2 serverCertificate, Action<IServiceCollection> addServices)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ServiceApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // stdout carries only the READY line; warnings and worse go to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error);
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate)));
        runtime.AddTo(builder.Services);
        addServices(builder.Services);

        return builder.Build();
    }

    /// <summary>Answers 500 for an unexpected exception and reports it on stderr (never a request body or header).</summary>
    public static void UseUnexpectedErrorHandler(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception failure) when (failure is not OperationCanceledException && !context.Response.HasStarted)
            {
                Console.Error.WriteLine($"emulator: {context.Request.Method} {context.Request.Path}: {failure.GetType().Name}: {failure.Message}");
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        });

    /// <summary>The https://127.0.0.1:PORT the started app listens on.</summary>
    public static string ListeningAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var uri = new Uri(addresses.Single());
        return $"https://127.0.0.1:{uri.Port}";
    }

    /// <summary>Signals (SIGTERM, Ctrl+C) belong to the process, not to each of the four hosts.</summary>
    private sealed class PassiveHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
