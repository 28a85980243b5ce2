using System.Diagnostics;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>
/// Runs a script in pwsh (the repository's dotnet tool) with tests/Module/EmulatorHelpers.psm1 imported, trusting a
/// fresh emulator CA the way build.ps1 does: SSL_CERT_FILE = system bundle + ca.pem, no certificate check skipped.
/// </summary>
public sealed class HelpersModuleRun : IDisposable
{
    private const string SystemBundle = "/etc/ssl/certs/ca-certificates.crt";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "alops-s2s-emulator-tests", Guid.NewGuid().ToString("N"));
    public string CaDirectory => Path.Combine(Directory, "ca");
    public string StateDirectory => Path.Combine(Directory, "state");

    /// <summary>Runs <paramref name="body"/> with an emulator started in <c>$e</c> (stopped afterwards); returns stdout.</summary>
    public Task<string> WithEmulatorAsync(string body) => ScriptAsync($$"""
        $e = Start-S2SEmulator -StateDirectory '{{StateDirectory}}'
        try {
        {{body}}
        }
        finally {
            Stop-S2SEmulator -Emulator $e
        }
        """);

    /// <summary>Runs <paramref name="body"/> after importing the helpers; fails the test unless pwsh exits 0; returns stdout.</summary>
    public async Task<string> ScriptAsync(string body)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using (var init = EmulatorProcess.Start("--init-ca", "--ca-dir", CaDirectory)) await init.WaitForExitAsync();
        var bundle = Path.Combine(Directory, "bundle.pem");
        var systemBundle = File.Exists(SystemBundle) ? await File.ReadAllTextAsync(SystemBundle) : "";
        await File.WriteAllTextAsync(bundle, systemBundle + "\n" + await File.ReadAllTextAsync(Path.Combine(CaDirectory, "ca.pem")));

        var script = Path.Combine(Directory, "check.ps1");
        await File.WriteAllTextAsync(script, $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{ModulePath()}}' -Force
            {{body}}
            """);

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ModulePath())!,
        };
        foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script }) info.ArgumentList.Add(argument);
        info.Environment["SSL_CERT_FILE"] = bundle;
        info.Environment["ALOPS_S2S_EMULATOR_CA_DIR"] = CaDirectory;
        info.Environment["ALOPS_S2S_EMULATOR_DLL"] = EmulatorProcess.DllPath();
        using var pwsh = Process.Start(info)!;
        var output = pwsh.StandardOutput.ReadToEndAsync();
        var errors = pwsh.StandardError.ReadToEndAsync();
        await pwsh.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var text = await output;
        Assert.True(pwsh.ExitCode == 0, $"pwsh exited {pwsh.ExitCode}\n{text}\n{await errors}");
        return text;
    }

    private static string ModulePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Module", "EmulatorHelpers.psm1");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("tests/Module/EmulatorHelpers.psm1 not found above the test directory.");
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
