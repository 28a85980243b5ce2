using System.Runtime.InteropServices;
using ALOps.S2S.Emulator;
using ALOps.S2S.Emulator.Certificates;
using ALOps.S2S.Emulator.Hosting;
using ALOps.S2S.Emulator.Recording;

if (RecorderProgram.Handles(args)) return await RecorderProgram.RunAsync(args);

CommandLineOptions options;
try
{
    options = CommandLineOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (options.InitCa)
{
    var caDirectory = options.CaDirectory ?? options.StateDirectory!;
    using var authority = CertificateAuthority.LoadOrCreate(caDirectory);
    EmulatorRuntime.EnsureKeys(caDirectory);
    Console.WriteLine(authority.CertificatePath);
    return 0;
}

await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
{
    StateDirectory = options.StateDirectory!,
    CaDirectory = options.CaDirectory,
});

using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
if (options.ExitOnStdinClose)
{
    _ = Task.Run(async () =>
    {
        var buffer = new char[256];
        using var stdin = Console.In;
        while (await stdin.ReadAsync(buffer) > 0) { }
        await host.StopAsync();
    });
}

Console.WriteLine($"EMULATOR READY {host.StateFilePath}");
Console.Out.Flush();
await host.Stopped;
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    _ = host.StopAsync();
}
