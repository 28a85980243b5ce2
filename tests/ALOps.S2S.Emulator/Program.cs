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

return await ProcessLifetime.RunAsync($"EMULATOR READY {host.StateFilePath}", host.StopAsync, host.Stopped, options.ExitOnStdinClose);
