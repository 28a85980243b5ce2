using ALOps.S2S.Emulator;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>One in-process emulator per test class, with a temporary state directory and the run's shared CA.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public static readonly string SharedCaDirectory = Path.Combine(Path.GetTempPath(), "alops-s2s-emulator-tests", "ca");

    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "alops-s2s-emulator-tests", Guid.NewGuid().ToString("N"));

    public EmulatorHost Host { get; private set; } = null!;
    public EmulatorClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await EmulatorHost.StartAsync(new EmulatorOptions { StateDirectory = _stateDirectory, CaDirectory = SharedCaDirectory });
        Client = new EmulatorClient(Host, TrustedHttp.CreateClient(Host.CaCertificate));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Base of emulator tests: every test starts from the seeded world.</summary>
public abstract class EmulatorTest(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    protected EmulatorHost Host => fixture.Host;
    protected EmulatorClient Emulator => fixture.Client;

    public Task InitializeAsync() => Emulator.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
