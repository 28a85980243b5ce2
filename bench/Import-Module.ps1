<#
.SYNOPSIS
    Prints how long Import-Module ALOps.S2S adds to a fresh pwsh (median of N runs after a warm-up).
.DESCRIPTION
    Starts the pwsh executable directly (no dotnet host in between) with 'exit 0' and with
    'Import-Module <module>; exit 0', alternating so both see the same machine state, and reports the median
    difference against the 250 ms target.
    The import must stay lazy: no MSAL or Graph is loaded until a cmdlet needs it.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/module/ALOps.S2S/ALOps.S2S.psd1'),
    [ValidateRange(1, 50)] [int] $Runs = 7,
    [int] $TargetMilliseconds = 250
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'lib/BenchFigures.ps1')
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath

$exe = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
$prefix = @()
if (-not (Test-Path -LiteralPath $exe)) {
    $exe = 'dotnet'
    $prefix = @(Join-Path $PSHOME 'pwsh.dll')
}

$quotedPath = $ModulePath.Replace("'", "''")
$bare = 'exit 0'
# Nothing but the import: timing it from inside (Measure-Command) would add the autoload of
# Microsoft.PowerShell.Utility, some 150 ms that pwsh spends whatever module is imported.
$withImport = "Import-Module '$quotedPath'; exit 0"
# Separate runs report the in-process time of the import and the cmdlet table (less sensitive to machine load).
$timedImport = "`$t = Measure-Command { Import-Module '$quotedPath'; Get-Command -Module ALOps.S2S | Out-Null }; 'inproc=' + `$t.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture); exit 0"
$inProcess = [System.Collections.Generic.List[double]]::new()

function Measure-Pwsh([string] $Command) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $output = & $exe @prefix -NoProfile -NonInteractive -Command $Command
    $watch.Stop()
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command `"$Command`" exited with ${LASTEXITCODE}: $output" }
    foreach ($line in @($output)) {
        if ("$line" -match '^inproc=(?<ms>[0-9.]+)$') { $inProcess.Add([double]::Parse($Matches.ms, [cultureinfo]::InvariantCulture)) }
    }
    $watch.Elapsed.TotalMilliseconds
}


# Warm-up: file cache, JIT of the host.
$null = Measure-Pwsh $bare
$null = Measure-Pwsh $withImport
$inProcess.Clear()

$baseline = [System.Collections.Generic.List[double]]::new()
$imported = [System.Collections.Generic.List[double]]::new()
for ($i = 0; $i -lt $Runs; $i++) {
    $baseline.Add((Measure-Pwsh $bare))
    $imported.Add((Measure-Pwsh $withImport))
    $null = Measure-Pwsh $timedImport
}

$baseMedian = Get-Median $baseline
$importMedian = Get-Median $imported
$cost = $importMedian - $baseMedian
Write-Figure "Import-Module ALOps.S2S over a bare pwsh (median of $Runs)" ('{0:N0} ms (pwsh alone {1:N0} ms, with import {2:N0} ms)' -f $cost, $baseMedian, $importMedian) "<= $TargetMilliseconds ms" ($cost -le $TargetMilliseconds)
Write-Figure 'Import-Module + Get-Command inside pwsh (median)' ('{0:N0} ms' -f (Get-Median $inProcess.ToArray())) '' $true
if (Test-Path -LiteralPath '/proc/loadavg') {
    "Machine load average while measuring: {0} ({1} cores); figures are noisy when it exceeds the core count." -f ((Get-Content -LiteralPath '/proc/loadavg' -Raw) -split ' ')[0], [Environment]::ProcessorCount
}
