using System.Diagnostics;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>
/// tests/Module/EmulatorHelpers.psm1 in pwsh (the repository's dotnet tool), trusting the CA the way build.ps1 does:
/// SSL_CERT_FILE = system bundle + ca.pem, no certificate check skipped.
/// </summary>
public sealed class EmulatorHelpersModuleTests : IDisposable
{
    private const string SystemBundle = "/etc/ssl/certs/ca-certificates.crt";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alops-s2s-emulator-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task HelpersStartSeedCallResetAndStopTheEmulator()
    {
        Directory.CreateDirectory(_directory);
        var caDirectory = Path.Combine(_directory, "ca");
        using (var init = EmulatorProcess.Start("--init-ca", "--ca-dir", caDirectory)) await init.WaitForExitAsync();
        var bundle = Path.Combine(_directory, "bundle.pem");
        var systemBundle = File.Exists(SystemBundle) ? await File.ReadAllTextAsync(SystemBundle) : "";
        await File.WriteAllTextAsync(bundle, systemBundle + "\n" + await File.ReadAllTextAsync(Path.Combine(caDirectory, "ca.pem")));

        var script = Path.Combine(_directory, "check.ps1");
        await File.WriteAllTextAsync(script, $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{ModulePath()}}' -Force
            $e = Start-S2SEmulator -StateDirectory '{{Path.Combine(_directory, "state")}}'
            try {
                $seed = Get-S2SEmulatorSeed -Emulator $e
                $app = New-S2SEmulatorApp -Emulator $e -DisplayName 'Helpers' -SecretText 'helper-secret' -BcRole 'API.ReadWrite.All'
                $token = Invoke-RestMethod -Method Post -Uri "$($e.authorityHost)/contoso.onmicrosoft.com/oauth2/v2.0/token" -Body @{
                    grant_type = 'client_credentials'; client_id = $app.appId; client_secret = 'helper-secret'
                    scope = 'https://api.businesscentral.dynamics.com/.default' }
                $logged = @(Get-S2SEmulatorRequestLog -Emulator $e -ServiceHost login)
                Set-S2SEmulatorSetting -Emulator $e -Settings @{ tokenLifetimeSeconds = 600 } | Out-Null
                $issuerToken = New-S2SEmulatorTestIssuerToken -Emulator $e -Subject 'subject'
                Reset-S2SEmulator -Emulator $e
                $afterReset = @(Get-S2SEmulatorRequestLog -Emulator $e)
                "ca=$($e.caCertificate)"
                "tenants=$($seed.tenants.Count)"
                "token=$($token.token_type)"
                "logged=$($logged.Count):$($logged[0].grantType)"
                "issuer=$($issuerToken.Split('.').Count)"
                "afterReset=$($afterReset.Count)"
            }
            finally {
                Stop-S2SEmulator -Emulator $e
            }
            "stopped=$(Test-Path '{{Path.Combine(_directory, "state", "emulator.json")}}')"
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
        info.Environment["ALOPS_S2S_EMULATOR_CA_DIR"] = caDirectory;
        info.Environment["ALOPS_S2S_EMULATOR_DLL"] = EmulatorProcess.DllPath();
        using var pwsh = Process.Start(info)!;
        var output = pwsh.StandardOutput.ReadToEndAsync();
        var errors = pwsh.StandardError.ReadToEndAsync();
        await pwsh.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var text = await output;

        Assert.True(pwsh.ExitCode == 0, $"pwsh exited {pwsh.ExitCode}\n{text}\n{await errors}");
        Assert.Contains($"ca={Path.Combine(caDirectory, "ca.pem")}", text);
        Assert.Contains("tenants=2", text);
        Assert.Contains("token=Bearer", text);
        Assert.Contains("logged=1:client_credentials", text);
        Assert.Contains("issuer=3", text);
        Assert.Contains("afterReset=0", text);
        Assert.Contains("stopped=False", text);
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
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
