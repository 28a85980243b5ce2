<#
.SYNOPSIS
    Times the batch path against the emulator: 50 environments across 5 customer tenants, every call 100 ms
    late and each service throttling each tenant to 10 requests per second, and compares the wall time with
    the throttle-bound minimum and with the same rows done one at a time.
.DESCRIPTION
    World: a partner tenant (contoso) whose admin is a delegated admin of 5 customer tenants with 10 Business
    Central environments each, and a multi-tenant S2S app consented, authorized and registered in all of them.
    Work per row (TenantId, Environment from a CSV): Register-ALOpsBcClient | Test-ALOpsS2S, with the app's
    secret, so both the operator's and the app's calls are made.

    Batch:            Import-Csv | Register-ALOpsBcClient -ThrottleLimit N | Test-ALOpsS2S -ThrottleLimit N
    One row at a time: foreach row { $row | Register-ALOpsBcClient | Test-ALOpsS2S } (a pipeline task per
                      environment, as done today)
    Throttle-bound minimum: for the busiest (service, tenant) pair, its answered calls (operations inside a $batch each count) / the rate. No schedule
                      can be faster, whatever its concurrency.

    Each batch run starts from a fresh operator sign-in; the figure is the median of -Runs runs. The rates learned
    from 429 answers are the process's (as in a long PowerShell session), so only the first run starts knowing
    nothing: it is shown on its own line. Needs SSL_CERT_FILE trusting the emulator CA (build.ps1 -Task Bench sets it).
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/module/ALOps.S2S/ALOps.S2S.psd1'),
    [int] $Tenants = 5,
    [int] $EnvironmentsPerTenant = 10,
    [int] $LatencyMs = 100,
    [double] $RequestsPerSecond = 10,
    [int] $ThrottleLimit = 10,
    [int] $Runs = 3,
    [double] $MinimumRatioTarget = 1.3,
    [double] $SpeedUpTarget = 5,
    [int] $PeakMemoryTargetMB = 300,
    # Writes the request log of the first batch run there (JSON), to see where the time goes.
    [string] $TracePath
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'lib/BenchFigures.ps1')
. (Join-Path $PSScriptRoot 'lib/BatchRuns.ps1')
Import-Module (Resolve-Path -LiteralPath $ModulePath).ProviderPath
Import-Module (Join-Path $PSScriptRoot '../tests/Module/EmulatorHelpers.psm1')
. (Join-Path $PSScriptRoot '../tests/Module/S2STestHelpers.ps1')



$world = Start-S2STestWorld -StateDirectory (Join-Path ([System.IO.Path]::GetTempPath()) "alops-s2s-bench-batch-$PID")
try {
    $environments = 1..$EnvironmentsPerTenant | ForEach-Object { 'Env{0:00}' -f $_ }
    $secretText = New-TestSecret
    $secret = ConvertTo-SecureString $secretText -AsPlainText -Force
    $app = New-S2SEmulatorApp -Emulator $world.Emulator -DisplayName 'ALOps Bench' -SecretText $secretText -SignInAudience AzureADMultipleOrgs
    $rows = foreach ($t in 1..$Tenants) {
        $domain = 'benchcustomer{0:00}.onmicrosoft.com' -f $t
        $tenant = New-S2SEmulatorTenant -Emulator $world.Emulator -InitialDomain $domain -Environment $environments -DelegatedAdmin 'admin@contoso.onmicrosoft.com'
        Add-S2SEmulatorServicePrincipal -Emulator $world.Emulator -Tenant $tenant.id -AppId $app.appId -AppRole API.ReadWrite.All, Automation.ReadWrite.All | Out-Null
        Add-S2SEmulatorAuthorizedApp -Emulator $world.Emulator -Tenant $tenant.id -ClientId $app.appId
        foreach ($environment in $environments) {
            Register-S2SEmulatorEntraApp -Emulator $world.Emulator -Tenant $tenant.id -Environment $environment -ClientId $app.appId -Description 'ALOps Bench' -PermissionSet 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN' | Out-Null
            [pscustomobject]@{ TenantId = $domain; Environment = $environment; ClientId = $app.appId }
        }
    }
    $csv = Join-Path ([System.IO.Path]::GetTempPath()) "alops-s2s-bench-rows-$PID.csv"
    $rows | Export-Csv -LiteralPath $csv -NoTypeInformation
    Set-BenchLoad $world.Emulator $LatencyMs $RequestsPerSecond
    "$($rows.Count) rows: $Tenants tenants x $EnvironmentsPerTenant environments; $LatencyMs ms per call; $RequestsPerSecond requests/s per service and tenant; -ThrottleLimit $ThrottleLimit"

    $batch = foreach ($run in 1..$Runs) {
        $measured = Invoke-Measured $world.Emulator {
            Import-Csv -LiteralPath $csv |
                Register-ALOpsBcClient -ClientSecret $secret -ThrottleLimit $ThrottleLimit -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable +benchErrors |
                Test-ALOpsS2S -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable +benchErrors -InformationAction SilentlyContinue 6>$null
        }
        Get-RunSummary $measured $RequestsPerSecond $(if ($run -eq 1) { $TracePath })
    }
    $batchSeconds = Write-BatchFigures 'Batch' $batch $MinimumRatioTarget

    $single = Invoke-Measured $world.Emulator {
        foreach ($row in Import-Csv -LiteralPath $csv) {
            $row | Register-ALOpsBcClient -ClientSecret $secret -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable +benchErrors |
                Test-ALOpsS2S -ErrorAction SilentlyContinue -ErrorVariable +benchErrors -InformationAction SilentlyContinue 6>$null
        }
    }
    $speedUp = $single.Seconds / $batchSeconds
    Write-Figure 'One row at a time: wall time (1 run)' ('{0:0.0} s ({1} calls)' -f $single.Seconds, @(Select-Metered $single.Log).Count) '' $true
    Write-Figure 'Batch speed-up over one row at a time' ('{0:0.0} x' -f $speedUp) ">= $SpeedUpTarget x" ($speedUp -ge $SpeedUpTarget)
    Write-Figure 'One row at a time: failed rows' "$(@($single.FailedRows).Count)" '0' (@($single.FailedRows).Count -eq 0)

    $peakMB = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB
    Write-Figure 'Peak memory of this pwsh process' ('{0:0} MB' -f $peakMB) "< $PeakMemoryTargetMB MB" ($peakMB -lt $PeakMemoryTargetMB)
}
finally {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorFault -Emulator $world.Emulator
    Stop-S2SEmulator -Emulator $world.Emulator
}
