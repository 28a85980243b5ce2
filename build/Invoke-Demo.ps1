<#
.SYNOPSIS
    The journey of design §1A against the emulator: an admin signs in, creates the S2S app, grants the
    Business Central permissions, registers it in two environments and tests it.

.DESCRIPTION
    Runs in a child pwsh started by build.ps1 -Task Demo, with SSL_CERT_FILE trusting the emulator's CA.
    The emulator plays Microsoft Entra ID, Microsoft Graph and Business Central; a background job plays the
    Business Central admin who enters the app on page 9860 once Register-ALOpsBcClient has said what to enter.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $StateDirectory
)

$ErrorActionPreference = 'Stop'
$helpers = Join-Path $PSScriptRoot '../tests/Module/EmulatorHelpers.psm1'
Import-Module $ModulePath
Import-Module $helpers

function Write-Chapter([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

$emulator = Start-S2SEmulator -StateDirectory $StateDirectory
try {
    # A custom cloud, exactly as a sovereign cloud would be configured.
    $env:ALOPS_S2S_AUTHORITY_HOST = $emulator.authorityHost
    $env:ALOPS_S2S_GRAPH_ENDPOINT = $emulator.graphEndpoint
    $env:ALOPS_S2S_BC_ENDPOINT = $emulator.businessCentralEndpoint
    $tenantId = (Get-S2SEmulatorSeed -Emulator $emulator).tenants.Where({ $_.domains -contains 'contoso.onmicrosoft.com' })[0].id
    $displayName = 'ALOps CI'

    # The admin of Business Central: enters the app on page 9860 of each environment a few seconds after the
    # module has printed the instruction (only D365 AUTOMATION; the module adds EXTEN. MGT. - ADMIN itself).
    $admin = Start-ThreadJob -ArgumentList $emulator, $tenantId, $displayName, $helpers -ScriptBlock {
        param($Emulator, $TenantId, $DisplayName, $Helpers)
        Import-Module $Helpers
        $deadline = [DateTime]::UtcNow.AddMinutes(3)
        while ([DateTime]::UtcNow -lt $deadline) {
            $app = (Get-S2SEmulatorSeed -Emulator $Emulator).tenants.Where({ $_.id -eq $TenantId })[0].applications | Where-Object displayName -EQ $DisplayName
            $asked = Get-S2SEmulatorRequestLog -Emulator $Emulator -ServiceHost bc | Where-Object { $_.path -like '*/users' }
            if ($app -and $asked) { break }
            Start-Sleep -Milliseconds 500
        }
        Start-Sleep -Seconds 2
        foreach ($environment in 'Production', 'Sandbox') {
            Register-S2SEmulatorEntraApp -Emulator $Emulator -Tenant $TenantId -Environment $environment -ClientId $app.appId -Description $DisplayName -PermissionSet 'D365 AUTOMATION' | Out-Null
        }
        "The admin entered $($app.appId) on page 9860 of Production and Sandbox."
    }

    Write-Chapter 'Connect-ALOpsS2S -TenantId contoso.onmicrosoft.com'
    Connect-ALOpsS2S -TenantId contoso.onmicrosoft.com | Format-List | Out-Host

    Write-Chapter "New-ALOpsS2SApp -DisplayName '$displayName' | Grant-ALOpsS2SPermission ... | Register-ALOpsBcClient -Environment Production, Sandbox -Wait | Test-ALOpsS2S"
    $results = @(New-ALOpsS2SApp -DisplayName $displayName |
        Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All |
        Register-ALOpsBcClient -Environment Production, Sandbox -Wait -Timeout ([TimeSpan]::FromMinutes(3)) -PollInterval ([TimeSpan]::FromSeconds(1)) |
        Test-ALOpsS2S -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All)
    $admin | Wait-Job -Timeout 60 | Receive-Job | Out-Host
    $results | Format-Table Status, Check, Target, Cause -AutoSize | Out-String -Width 220 | Out-Host

    Write-Chapter 'Running the same pipeline again changes nothing'
    Get-S2SEmulatorRequestLog -Emulator $emulator -Clear | Out-Null
    $again = New-ALOpsS2SApp -DisplayName $displayName -WarningAction SilentlyContinue | Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All |
        Register-ALOpsBcClient -Environment Production, Sandbox
    $again | Format-Table Environment, AdminCenterAuthorized, Registered, PermissionSets -AutoSize | Out-String -Width 220 | Out-Host
    $rerun = Measure-S2SEmulatorRequest -Log @(Get-S2SEmulatorRequestLog -Emulator $emulator)
    Write-Host "Requests of the re-run: $($rerun.Total) ($($rerun.Reads) reads, $($rerun.Writes) writes; a `$batch of reads is a read)"
    $rerun.WriteOperations | ForEach-Object { Write-Host "  write: $($_.method) $($_.host) $($_.path)" -ForegroundColor Red }
    $writes = $rerun.WriteOperations

    $failed = @($results | Where-Object Status -EQ 'Fail')
    if ($failed -or $writes) { exit 1 }
    exit 0
}
finally {
    Get-Job | Remove-Job -Force -ErrorAction SilentlyContinue
    Disconnect-ALOpsS2S
    Stop-S2SEmulator -Emulator $emulator
}
