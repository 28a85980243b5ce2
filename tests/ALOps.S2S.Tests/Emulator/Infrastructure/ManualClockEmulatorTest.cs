using ALOps.S2S.Emulator;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>Base of tests that need an emulator of their own on a <see cref="ManualClock"/> (time moves only when the test says so).</summary>
public abstract class ManualClockEmulatorTest : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alops-s2s-emulator-tests", Guid.NewGuid().ToString("N"));

    protected ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);
    protected EmulatorHost Host { get; private set; } = null!;
    protected EmulatorClient Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await EmulatorHost.StartAsync(new EmulatorOptions { StateDirectory = _directory, CaDirectory = EmulatorFixture.SharedCaDirectory, Clock = Clock });
        Emulator = new EmulatorClient(Host, TrustedHttp.CreateClient(Host.CaCertificate));
    }

    public async Task DisposeAsync()
    {
        Emulator.Dispose();
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
