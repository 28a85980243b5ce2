using System.Diagnostics;
using ALOps.S2S.Emulator;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>Runs the built emulator as its own process with <c>dotnet ALOps.S2S.Emulator.dll</c>.</summary>
public static class EmulatorProcess
{
    public static string DllPath()
    {
        if (Environment.GetEnvironmentVariable("ALOPS_S2S_EMULATOR_DLL") is { Length: > 0 } configured) return configured;
        var beside = typeof(EmulatorHost).Assembly.Location;
        if (File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;
        // Otherwise the emulator project's own output, same configuration as this test build.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "ALOps.S2S.Emulator", "bin", configuration, "net10.0", "ALOps.S2S.Emulator.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("The built emulator dll was not found; set ALOPS_S2S_EMULATOR_DLL.");
    }

    public static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath());
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return Process.Start(info)!;
    }
}
