using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>
/// tests/Module/EmulatorHelpers.psm1 in pwsh: start, seed, call, reset and stop the emulator (see <see cref="HelpersModuleRun"/>).
/// </summary>
public sealed class EmulatorHelpersModuleTests : IDisposable
{
    private readonly HelpersModuleRun _run = new();

    [Fact]
    public async Task HelpersStartSeedCallResetAndStopTheEmulator()
    {
        var text = await _run.ScriptAsync($$"""
            $e = Start-S2SEmulator -StateDirectory '{{_run.StateDirectory}}'
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
            "stopped=$(Test-Path '{{Path.Combine(_run.StateDirectory, "emulator.json")}}')"
            """);

        Assert.Contains($"ca={Path.Combine(_run.CaDirectory, "ca.pem")}", text);
        Assert.Contains("tenants=2", text);
        Assert.Contains("token=Bearer", text);
        Assert.Contains("logged=1:client_credentials", text);
        Assert.Contains("issuer=3", text);
        Assert.Contains("afterReset=0", text);
        Assert.Contains("stopped=False", text);
    }

    public void Dispose() => _run.Dispose();
}
