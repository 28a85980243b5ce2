<#
.SYNOPSIS
    Counts the HTTP requests of the full S2S chain against the emulator: a fresh run and a no-op re-run,
    split into reads and writes per service, and times the chain under a replication delay.
.DESCRIPTION
    Fresh chain: New-ALOpsS2SApp (secret) | Grant-ALOpsS2SPermission (three roles), the admin's page 9860
    step in two environments (done through the emulator's control API, not counted), then
    Register-ALOpsBcClient (admin center + two environments) | Test-ALOpsS2S. The operator's sign-in is
    reported on its own line. Needs SSL_CERT_FILE trusting the emulator CA (build.ps1 -Task Bench sets it).
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/module/ALOps.S2S/ALOps.S2S.psd1'),
    [int] $FreshTarget = 30,
    [int] $RerunTarget = 15,
    [int] $ReplicationDelaySeconds = 15,
    [int] $ReplicationSlackSeconds = 5,
    # Runs of the replication-delay chain; its figure is their median.
    [int] $Runs = 3
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'lib/BenchFigures.ps1')
Import-Module (Resolve-Path -LiteralPath $ModulePath).ProviderPath
Import-Module (Join-Path $PSScriptRoot '../tests/Module/EmulatorHelpers.psm1')
. (Join-Path $PSScriptRoot '../tests/Module/S2STestHelpers.ps1')

$permissions = 'API.ReadWrite.All', 'Automation.ReadWrite.All', 'AdminCenter.ReadWrite.All'
$environments = 'Production', 'Sandbox'

# What went over the wire, counted by the one rule the tests and the demo use (Measure-S2SEmulatorRequest).
function Get-Counts($Emulator) {
    $log = @(Get-S2SEmulatorRequestLog -Emulator $Emulator -Clear)
    if ($env:ALOPS_S2S_BENCH_TRACE) { $log | ForEach-Object { Write-Host "    $(if ($_.batch) { '  in batch: ' })$($_.host) $($_.method) $($_.path) $($_.status)" } }
    Measure-S2SEmulatorRequest -Log $log
}

function Format-Counts($Counts) {
    "$($Counts.Total) ($($Counts.Reads)/$($Counts.Writes)): $($Counts.ByHost)$(if ($Counts.Batched) { "; $($Counts.Batched) operations inside `$batch" })"
}

function Invoke-Chain($World, [string] $Name, [securestring] $Secret, [switch] $PageStep) {
    $grant = New-ALOpsS2SApp -DisplayName $Name -WarningAction SilentlyContinue | Grant-ALOpsS2SPermission -Permission $permissions
    if ($PageStep) {
        foreach ($environment in $environments) {
            Register-S2SEmulatorEntraApp -Emulator $World.Emulator -Tenant $World.TenantId -Environment $environment -ClientId $grant.ClientId -Description $Name -PermissionSet 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN' | Out-Null
        }
    }
    if (-not $Secret) { $Secret = $grant.ClientSecret }
    $results = @($grant | Register-ALOpsBcClient -Environment $environments -WarningAction SilentlyContinue | Test-ALOpsS2S -ClientSecret $Secret -Permission $permissions -ErrorAction SilentlyContinue 6>$null)
    if (@($results | Where-Object Status -EQ 'Fail')) { throw "The chain failed: $(($results | Where-Object Status -EQ 'Fail' | ForEach-Object { "$($_.Check) $($_.Target): $($_.Cause)" }) -join '; ')" }
    $grant
}

$world = Start-S2STestWorld -StateDirectory (Join-Path ([System.IO.Path]::GetTempPath()) "alops-s2s-bench-$PID")
try {
    Get-S2SEmulatorRequestLog -Emulator $world.Emulator -Clear | Out-Null
    Connect-S2STestPerson -Emulator $world.Emulator | Out-Null
    $signIn = Get-Counts $world.Emulator
    Write-Figure 'Operator sign-in (device code)' "$($signIn.Total) requests ($($signIn.ByHost))" '' $true

    $name = "Bench $([guid]::NewGuid().ToString('N').Substring(0, 6))"
    $first = Invoke-Chain $world $name -PageStep
    $fresh = Get-Counts $world.Emulator
    Write-Figure 'Fresh chain: requests (reads/writes)' (Format-Counts $fresh) "<= $FreshTarget" ($fresh.Total -le $FreshTarget)

    Invoke-Chain $world $name -Secret $first.ClientSecret | Out-Null
    $rerun = Get-Counts $world.Emulator
    Write-Figure 'No-op re-run: writes' "$($rerun.Writes)" '0' ($rerun.Writes -eq 0)
    Write-Figure 'No-op re-run: requests (reads/writes)' (Format-Counts $rerun) "<= $RerunTarget" ($rerun.Total -le $RerunTarget)

    Set-S2SEmulatorSetting -Emulator $world.Emulator -Settings @{ replicationDelaySeconds = $ReplicationDelaySeconds } | Out-Null
    $seconds = foreach ($run in 1..$Runs) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        Invoke-Chain $world "Bench $([guid]::NewGuid().ToString('N').Substring(0, 6))" -PageStep | Out-Null
        $watch.Elapsed.TotalSeconds
    }
    $median = Get-Median $seconds
    $over = $median - $ReplicationDelaySeconds
    Write-Figure "Fresh chain with a $ReplicationDelaySeconds s replication delay (median of $Runs)" ('{0:0.0} s ({1:+0.0;-0.0} s over the delay)' -f $median, $over) "<= delay + $ReplicationSlackSeconds s" ($over -le $ReplicationSlackSeconds)
}
finally {
    Disconnect-ALOpsS2S
    Stop-S2SEmulator -Emulator $world.Emulator
}
