<#
.SYNOPSIS
    The journey against a real tenant, through the recording proxy: New, Grant, Register (without -Wait), Test, a no-op
    re-run, then clean-up of what it created. Writes a redacted recording that the emulator's conformance tests can load.

.DESCRIPTION
    Started by build.ps1 -Task LiveTest in a child pwsh (SSL_CERT_FILE trusts the emulator CA, which also signs the proxy's
    certificates). Settings come from environment variables; see Get-LiveTestSettings or run build.ps1 -Task LiveTest
    without them. The module talks to the proxy as a custom cloud (ALOPS_S2S_AUTHORITY_HOST/_GRAPH_ENDPOINT/_BC_ENDPOINT);
    the proxy forwards to the upstream hosts (the public cloud unless ALOPS_S2S_LIVE_*_HOST/_ENDPOINT name others, e.g.
    the emulator) and keeps every exchange in memory until the end, when it writes them redacted and scans the result.

    Exit code 0: the journey ran, the re-run made no write and the recording passed its scan. 1 otherwise (a recording
    that fails the scan is deleted).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [Parameter(Mandatory)] [string] $CaDirectory,
    [Parameter(Mandatory)] [string] $OutputDirectory
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'LiveTestSettings.ps1')

$settings = Get-LiveTestSettings
if (-not $settings.Configured) {
    Write-LiveTestHelp
    exit 0
}

function Write-Chapter([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

function Start-Recorder {
    $state = Join-Path $OutputDirectory 'recorder-state'
    $startInfo = [Diagnostics.ProcessStartInfo]::new('dotnet')
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardInput = $true # the recorder exits when this pipe closes
    foreach ($argument in @($EmulatorDll, '--record', (Join-Path $OutputDirectory 'recording'), '--state-dir', $state, '--ca-dir', $CaDirectory,
            '--upstream-login', $settings.AuthorityHost, '--upstream-graph', $settings.GraphEndpoint, '--upstream-bc', $settings.BusinessCentralEndpoint, '--exit-on-stdin-close')) {
        $startInfo.ArgumentList.Add($argument)
    }
    $process = [Diagnostics.Process]::Start($startInfo)
    $read = $process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait([TimeSpan]::FromSeconds(60)) -or $read.Result -notmatch '^RECORDER READY (?<path>.+)$') {
        if (-not $process.HasExited) { $process.Kill() }
        throw "The recording proxy did not start (dotnet $EmulatorDll --record ...)."
    }
    $recorder = Get-Content -Raw -LiteralPath $Matches.path | ConvertFrom-Json
    $recorder | Add-Member -NotePropertyName Process -NotePropertyValue $process
    $recorder
}

function Invoke-Recorder([pscustomobject] $Recorder, [string] $Path, [hashtable] $Body = @{}) {
    Invoke-RestMethod -Method Post -Uri ($Recorder.controlEndpoint + $Path) -ContentType 'application/json' -Body ($Body | ConvertTo-Json -Depth 5 -Compress)
}

function ConvertTo-PlainText([securestring] $Secure) {
    if (-not $Secure) { return $null }
    [Net.NetworkCredential]::new('', $Secure).Password
}

$null = New-Item -ItemType Directory -Force -Path $OutputDirectory
$recorder = Start-Recorder
$known = [Collections.Generic.List[string]]::new()
$app = $null
$exitCode = 1
try {
    Write-Host "Recording proxy: login $($recorder.authorityHost) -> $($settings.AuthorityHost), graph $($recorder.graphEndpoint) -> $($settings.GraphEndpoint), bc $($recorder.businessCentralEndpoint) -> $($settings.BusinessCentralEndpoint)"
    # The module sees the proxy as a custom cloud, exactly as it would see a sovereign cloud.
    $env:ALOPS_S2S_AUTHORITY_HOST = $recorder.authorityHost
    $env:ALOPS_S2S_GRAPH_ENDPOINT = $recorder.graphEndpoint
    $env:ALOPS_S2S_BC_ENDPOINT = $recorder.businessCentralEndpoint
    Import-Module $ModulePath

    $permissions = 'API.ReadWrite.All', 'Automation.ReadWrite.All', 'AdminCenter.ReadWrite.All'
    $displayName = 'ALOps S2S LiveTest ' + [DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss')

    Write-Chapter "Connect-ALOpsS2S -TenantId $($settings.Tenant) ($($settings.SignIn))"
    if ($settings.SignIn -eq 'ClientSecret') {
        $known.Add($settings.ClientSecret)
        $secret = ConvertTo-SecureString -String $settings.ClientSecret -AsPlainText -Force
        Connect-ALOpsS2S -TenantId $settings.Tenant -ClientId $settings.ClientId -ClientSecret $secret | Format-List | Out-Host
    }
    else {
        Connect-ALOpsS2S -TenantId $settings.Tenant -UseDeviceCode | Format-List | Out-Host
    }

    Write-Chapter "New-ALOpsS2SApp -DisplayName '$displayName' | Grant-ALOpsS2SPermission | Register-ALOpsBcClient -Environment $($settings.Environments -join ', ') | Test-ALOpsS2S"
    $app = New-ALOpsS2SApp -DisplayName $displayName
    if ($app.ClientSecret) { $known.Add((ConvertTo-PlainText $app.ClientSecret)) }
    $results = @($app | Grant-ALOpsS2SPermission -Permission $permissions |
        Register-ALOpsBcClient -Environment $settings.Environments |
        Test-ALOpsS2S -Permission $permissions -ErrorAction SilentlyContinue -ErrorVariable failedChecks)
    $results | Format-Table Status, Check, Target, Cause -AutoSize | Out-String -Width 220 | Out-Host
    # Expected until a person has entered the app on page 9860 (Register ran without -Wait): reported, not fatal.
    $failedChecks | ForEach-Object { Write-Host "  Test-ALOpsS2S: $($_.Exception.Message)" -ForegroundColor Yellow }

    Write-Chapter 'The same pipeline again (must write nothing)'
    $null = Invoke-Recorder $recorder '/recorder/phase' @{ name = 'rerun' }
    New-ALOpsS2SApp -DisplayName $displayName -WarningAction SilentlyContinue | Grant-ALOpsS2SPermission -Permission $permissions |
        Register-ALOpsBcClient -Environment $settings.Environments -WarningAction SilentlyContinue |
        Format-Table Environment, AdminCenterAuthorized, Registered, PermissionSets -AutoSize | Out-String -Width 220 | Out-Host
}
catch {
    Write-Host "LiveTest: the journey stopped: $($_.Exception.Message)" -ForegroundColor Red
}
finally {
    try {
        Write-Chapter 'Clean-up'
        if ($app) {
            $cleanup = Invoke-Recorder $recorder '/recorder/cleanup' @{ applicationObjectId = $app.ObjectId; clientId = $app.ClientId }
            foreach ($step in $cleanup.steps) { Write-Host ("  {0}: {1}{2}" -f $step.call, $step.status, $(if ($step.PSObject.Properties['note']) { " ($($step.note))" } else { '' })) }
            Write-Host '  Left behind: the deleted app stays in the tenant''s deleted items for 30 days (Entra ID > App registrations > Deleted applications); nothing was entered on page 9860.'
        }
        else {
            Write-Host '  nothing was created'
        }
        Disconnect-ALOpsS2S -ErrorAction SilentlyContinue

        Write-Chapter 'Recording'
        $summary = Invoke-Recorder $recorder '/recorder/finish' @{ tenant = $settings.Tenant; knownValues = @($known | Where-Object { $_ }) }
        $summary | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath (Join-Path $OutputDirectory 'summary.json') -Encoding utf8
        foreach ($phase in $summary.phases.PSObject.Properties) { Write-Host ("  {0}: {1} requests, {2} writes" -f $phase.Name, $phase.Value.requests, $phase.Value.writes) }
        $rerunWrites = if ($summary.phases.PSObject.Properties['rerun']) { [int]$summary.phases.rerun.writes } else { -1 }
        if (-not $summary.scanClean) {
            Write-Host "  The recording FAILED its secret scan and was deleted:" -ForegroundColor Red
            $summary.findings | ForEach-Object { Write-Host "    $_" -ForegroundColor Red }
        }
        elseif ($rerunWrites -ne 0) {
            Write-Host "  The re-run $(if ($rerunWrites -lt 0) { 'did not run' } else { "made $rerunWrites write(s)" }): the journey did not converge." -ForegroundColor Red
            Write-Host "  Recording (secret scan passed): $($summary.directory) ($($summary.files) files)"
        }
        else {
            Write-Host "  $($summary.directory): $($summary.files) files, secret scan passed."
            Write-Host '  Help us verify: attach this folder (zipped) to an issue at https://github.com/HodorNV/ALOps.S2S/issues.'
            $exitCode = 0
        }
    }
    finally {
        $recorder.Process.StandardInput.Close()
        if (-not $recorder.Process.WaitForExit(10000)) { $recorder.Process.Kill() }
    }
}
exit $exitCode
