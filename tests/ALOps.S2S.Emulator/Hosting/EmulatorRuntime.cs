using ALOps.S2S.Emulator.Certificates;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.Faults;
using ALOps.S2S.Emulator.Identity;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;
using Microsoft.Extensions.DependencyInjection;

namespace ALOps.S2S.Emulator.Hosting;

/// <summary>The state shared by all emulated hosts of one emulator: world, keys, test issuer, request log, URLs.</summary>
public sealed class EmulatorRuntime : IDisposable
{
    private readonly TaskCompletionSource _shutdownRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public const string TokenSigningKeyFile = "token-signing.key.pem";
    public const string TestIssuerKeyFile = "test-issuer.key.pem";

    /// <param name="keyDirectory">Where the RSA signing keys are kept (the CA directory).</param>
    public EmulatorRuntime(TimeProvider clock, string keyDirectory)
    {
        Store = new DirectoryStore(clock);
        TokenSigning = SigningCredential.Create("CN=ALOps S2S Emulator token signing",
            PersistentRsaKey.LoadOrCreate(keyDirectory, TokenSigningKeyFile));
        TestIssuer = new TestIssuer(SigningCredential.Create("CN=ALOps S2S Emulator test issuer",
            PersistentRsaKey.LoadOrCreate(keyDirectory, TestIssuerKeyFile)));
    }

    /// <summary>Creates the signing keys in <paramref name="keyDirectory"/> when missing (<c>--init-ca</c>).</summary>
    public static void EnsureKeys(string keyDirectory)
    {
        PersistentRsaKey.LoadOrCreate(keyDirectory, TokenSigningKeyFile).Dispose();
        PersistentRsaKey.LoadOrCreate(keyDirectory, TestIssuerKeyFile).Dispose();
    }

    public DirectoryStore Store { get; }
    public SigningCredential TokenSigning { get; }
    public TestIssuer TestIssuer { get; }
    public RequestLog RequestLog { get; } = new();
    public FaultTable Faults { get; } = new();
    public EmulatorUrls Urls { get; } = new();

    public Task ShutdownRequested => _shutdownRequested.Task;

    public void RequestShutdown() => _shutdownRequested.TrySetResult();

    /// <summary>Registers the shared instances in one host's container.</summary>
    public void AddTo(IServiceCollection services) => services
        .AddSingleton(this)
        .AddSingleton(Store)
        .AddSingleton(TokenSigning)
        .AddSingleton<BearerTokenReader>()
        .AddSingleton(TestIssuer)
        .AddSingleton(RequestLog)
        .AddSingleton(Faults)
        .AddSingleton(Urls);

    public void Dispose()
    {
        TokenSigning.Dispose();
        TestIssuer.Dispose();
    }
}
