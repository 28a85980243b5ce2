using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.BusinessCentral;

/// <summary>
/// The Business Central helpers of tests/Module/EmulatorHelpers.psm1 in pwsh against a started emulator, trusting its CA
/// the way build.ps1 does (SSL_CERT_FILE = system bundle + ca.pem).
/// </summary>
public sealed class BusinessCentralHelpersModuleTests : IDisposable
{
    private readonly HelpersModuleRun _run = new();

    [Fact]
    public async Task HelpersRegisterChangeAndRemoveEntraAppsAndAuthorizedApps()
    {
        var output = await _run.WithEmulatorAsync("""
            $seed = Get-S2SEmulatorSeed -Emulator $e
            $tenantId = $seed.tenants.Where({ $_.initialDomain -eq 'contoso.onmicrosoft.com' })[0].id
            $app = New-S2SEmulatorApp -Emulator $e -DisplayName 'Helpers BC' -SecretText 'helper-secret' -BcRole 'API.ReadWrite.All'
            $row = Register-S2SEmulatorEntraApp -Emulator $e -Tenant $tenantId -Environment Sandbox -ClientId $app.appId -Description 'Helpers BC' -PermissionSet 'D365 AUTOMATION'
            "registered=$($row.state):$($row.permissionSets -join '|')"
            $token = (Invoke-RestMethod -Method Post -Uri "$($e.authorityHost)/$tenantId/oauth2/v2.0/token" -Body @{
                grant_type = 'client_credentials'; client_id = $app.appId; client_secret = 'helper-secret'
                scope = 'https://api.businesscentral.dynamics.com/.default' }).access_token
            $companies = "$($e.businessCentralEndpoint)/v2.0/$tenantId/Sandbox/api/v2.0/companies"
            "companies=$((Invoke-RestMethod -Uri $companies -Headers @{ Authorization = "Bearer $token" }).value.Count)"

            Register-S2SEmulatorEntraApp -Emulator $e -Environment Sandbox -ClientId $app.appId -Description 'Helpers BC' -PermissionSet 'D365 BACKUP/RESTORE' | Out-Null
            Remove-S2SEmulatorPermissionSet -Emulator $e -Tenant $tenantId -Environment Sandbox -ClientId $app.appId -PermissionSet 'D365 BACKUP/RESTORE'
            "fetched=$((Get-S2SEmulatorEntraApp -Emulator $e -Environment Sandbox -ClientId $app.appId).permissionSets -join '|')"

            "disabled=$((Set-S2SEmulatorEntraAppState -Emulator $e -Environment Sandbox -ClientId $app.appId -State Disabled).state)"
            $status = try { Invoke-RestMethod -Uri $companies -Headers @{ Authorization = "Bearer $token" } | Out-Null; 200 } catch { [int]$_.Exception.Response.StatusCode }
            "afterDisable=$status"
            Remove-S2SEmulatorEntraApp -Emulator $e -Environment Sandbox -ClientId $app.appId
            "afterRemove=$(@(Get-S2SEmulatorEntraApp -Emulator $e -Environment Sandbox).Count)"

            Add-S2SEmulatorAuthorizedApp -Emulator $e -ClientId $app.appId
            "authorized=$(@((Get-S2SEmulatorSeed -Emulator $e).tenants.Where({ $_.id -eq $tenantId })[0].authorizedAadApps).Count)"
            Remove-S2SEmulatorAuthorizedApp -Emulator $e -Tenant $tenantId -ClientId $app.appId
            "deauthorized=$(@((Get-S2SEmulatorSeed -Emulator $e).tenants.Where({ $_.id -eq $tenantId })[0].authorizedAadApps).Count)"
            "status=$((Set-S2SEmulatorEnvironmentStatus -Emulator $e -Environment Preview -Status Active).status)"
            """);

        Assert.Contains("registered=Enabled:D365 AUTOMATION", output);
        Assert.Contains("companies=1", output);
        Assert.Contains("fetched=D365 AUTOMATION", output);
        Assert.Contains("disabled=Disabled", output);
        Assert.Contains("afterDisable=401", output);
        Assert.Contains("afterRemove=0", output);
        Assert.Contains("authorized=1", output);
        Assert.Contains("deauthorized=0", output);
        Assert.Contains("status=Active", output);
    }

    public void Dispose() => _run.Dispose();
}
