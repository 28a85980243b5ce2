using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ALOps.S2S.Emulator.Batching;
using ALOps.S2S.Emulator.BusinessCentral;
using ALOps.S2S.Emulator.Certificates;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.Faults;
using ALOps.S2S.Emulator.Graph;
using ALOps.S2S.Emulator.Hosting;
using ALOps.S2S.Emulator.Identity;
using Microsoft.AspNetCore.Builder;

namespace ALOps.S2S.Emulator;

/// <summary>
/// A running emulator: four HTTPS hosts (login, graph, bc, control) on 127.0.0.1, and <c>emulator.json</c> in the
/// state directory. Start it in-process with <see cref="StartAsync"/>; the CLI (Program) does the same.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly EmulatorRuntime _runtime;
    private readonly IReadOnlyList<WebApplication> _apps;
    private readonly X509Certificate2 _serverCertificate;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopping;

    private EmulatorHost(EmulatorRuntime runtime, IReadOnlyList<WebApplication> apps, X509Certificate2 serverCertificate,
        CertificateAuthority authority, string stateFilePath)
    {
        _runtime = runtime;
        _apps = apps;
        _serverCertificate = serverCertificate;
        CaCertificatePath = authority.CertificatePath;
        CaCertificate = X509CertificateLoader.LoadCertificate(authority.Certificate.RawData);
        StateFilePath = stateFilePath;
        _runtime.ShutdownRequested.ContinueWith(_ => StopAsync(), TaskScheduler.Default);
    }

    public string AuthorityHost => _runtime.Urls.AuthorityHost;
    public string GraphEndpoint => _runtime.Urls.GraphEndpoint;
    public string BusinessCentralEndpoint => _runtime.Urls.BusinessCentralEndpoint;
    public string ControlEndpoint => _runtime.Urls.ControlEndpoint;
    public string TestIssuer => _runtime.Urls.TestIssuer;
    public string ManagedIdentityEndpoint => _runtime.Urls.ManagedIdentityEndpoint;
    public string ManagedIdentityHeader => _runtime.Urls.ManagedIdentityHeader;

    /// <summary>Path of <c>ca.pem</c>, the certificate clients must trust.</summary>
    public string CaCertificatePath { get; }

    /// <summary>The CA certificate (public part).</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>Path of <c>emulator.json</c>.</summary>
    public string StateFilePath { get; }

    public EmulatorInfo Info => new(Environment.ProcessId, AuthorityHost, GraphEndpoint, BusinessCentralEndpoint, ControlEndpoint,
        TestIssuer, ManagedIdentityEndpoint, ManagedIdentityHeader, CaCertificatePath);

    /// <summary>Completes once the emulator has stopped (after <c>POST /control/shutdown</c> or <see cref="StopAsync"/>).</summary>
    public Task Stopped => _stopped.Task;

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        var stateDirectory = Path.GetFullPath(options.StateDirectory);
        Directory.CreateDirectory(stateDirectory);
        var caDirectory = options.CaDirectory ?? stateDirectory;
        using var authority = CertificateAuthority.LoadOrCreate(caDirectory);
        var serverCertificate = ServerCertificateIssuer.Issue(authority);
        var runtime = new EmulatorRuntime(options.Clock, caDirectory);

        // Building a host takes a moment each; the four are independent.
        var built = await Task.WhenAll(
            Task.Run(() => BuildLogin(runtime, serverCertificate, options.Clock), cancellationToken),
            Task.Run(() => BuildGraph(runtime, serverCertificate, options.Clock), cancellationToken),
            Task.Run(() => BuildBusinessCentral(runtime, serverCertificate, options.Clock), cancellationToken),
            Task.Run(() => BuildControl(runtime, serverCertificate), cancellationToken));
        var (login, graph, businessCentral, control) = (built[0], built[1], built[2], built[3]);

        WebApplication[] apps = [login, graph, businessCentral, control];
        await Task.WhenAll(apps.Select(a => a.StartAsync(cancellationToken)));

        runtime.Urls.AuthorityHost = ServiceApp.ListeningAddress(login);
        runtime.Urls.GraphEndpoint = ServiceApp.ListeningAddress(graph);
        runtime.Urls.BusinessCentralEndpoint = ServiceApp.ListeningAddress(businessCentral);
        runtime.Urls.ControlEndpoint = ServiceApp.ListeningAddress(control);
        runtime.TestIssuer.IssuerUrl = runtime.Urls.TestIssuer;

        var host = new EmulatorHost(runtime, apps, serverCertificate, authority, Path.Combine(stateDirectory, EmulatorInfo.FileName));
        AtomicFile.WriteAllText(host.StateFilePath, JsonSerializer.Serialize(host.Info, new JsonSerializerOptions { WriteIndented = true }));
        return host;
    }

    private static WebApplication BuildLogin(EmulatorRuntime runtime, X509Certificate2 certificate, TimeProvider clock)
    {
        var app = ServiceApp.Create(runtime, certificate, services => services.AddIdentityServices());
        app.UseRequestLog(runtime.RequestLog, clock, IdentityEndpoints.LogHostOf, runtime.Store);
        app.UseFaults(runtime.Faults, clock, IdentityEndpoints.LogHostOf);
        app.UseLoginRequestIds();
        app.UseUnexpectedErrorHandler();
        app.MapIdentity();
        return app;
    }

    private static WebApplication BuildGraph(EmulatorRuntime runtime, X509Certificate2 certificate, TimeProvider clock)
    {
        var app = ServiceApp.Create(runtime, certificate, services => services.AddGraphServices());
        // Inner requests of a JSON $batch run through everything below, routing included (hence UseRouting here).
        BatchPipeline.Capture(app);
        app.UseRequestLog(runtime.RequestLog, clock, _ => "graph", runtime.Store);
        app.UseFaults(runtime.Faults, clock, _ => "graph", takesNoToken: JsonBatchRunner.IsBatch);
        app.UseUnexpectedErrorHandler();
        app.UseRouting();
        app.MapGraph();
        return app;
    }

    private static WebApplication BuildBusinessCentral(EmulatorRuntime runtime, X509Certificate2 certificate, TimeProvider clock)
    {
        var app = ServiceApp.Create(runtime, certificate, services => services.AddBusinessCentralServices());
        // Inner requests of an OData $batch run through everything below, routing included (hence UseRouting here).
        BatchPipeline.Capture(app);
        app.UseRequestLog(runtime.RequestLog, clock, _ => "bc", runtime.Store);
        app.UseFaults(runtime.Faults, clock, _ => "bc", takesNoToken: JsonBatchRunner.IsBatch);
        app.UseUnexpectedErrorHandler();
        app.UseRouting();
        app.MapBusinessCentral();
        return app;
    }

    private static WebApplication BuildControl(EmulatorRuntime runtime, X509Certificate2 certificate)
    {
        var app = ServiceApp.Create(runtime, certificate, _ => { });
        app.UseUnexpectedErrorHandler();
        app.UseControlErrors();
        app.MapControl();
        app.MapBusinessCentralControl();
        app.MapFaults();
        return app;
    }

    /// <summary>Stops every host and removes <c>emulator.json</c>. Safe to call more than once.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 1)
        {
            await _stopped.Task;
            return;
        }
        try
        {
            await Task.WhenAll(_apps.Select(a => a.StopAsync()));
            await Task.WhenAll(_apps.Select(a => a.DisposeAsync().AsTask()));
            File.Delete(StateFilePath);
        }
        finally
        {
            _runtime.Dispose();
            _serverCertificate.Dispose();
            _stopped.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        CaCertificate.Dispose();
    }
}
