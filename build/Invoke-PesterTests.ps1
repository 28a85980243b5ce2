<#
.SYNOPSIS
    Runs the Pester suite in this (child) pwsh and writes the counts for build.ps1.
.DESCRIPTION
    build.ps1 -Task Test starts this script in a fresh `dotnet pwsh -NoProfile -NonInteractive`, so the
    built module's DLLs are never loaded (and locked) in the build's own process.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    # Test files or folders; several as one comma-separated string (a -File argument cannot carry an array).
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $CountsPath
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = @($Path -split ',')
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath

# One emulator for the whole run: each test file's Start-S2STestWorld resets it instead of starting its own (files that
# need a process of their own, e.g. to stop it, still call Start-S2SEmulator).
Import-Module (Join-Path $PSScriptRoot '../tests/Module/EmulatorHelpers.psm1')
$testDir = if ($env:ALOPS_S2S_TEST_DIR) { $env:ALOPS_S2S_TEST_DIR } else { [IO.Path]::GetTempPath() }
$sharedEmulator = Start-S2SEmulator -StateDirectory (Join-Path $testDir "shared-emulator-$PID")
$env:ALOPS_S2S_SHARED_EMULATOR = $sharedEmulator.StateDirectory
try {
    $result = Invoke-Pester -Configuration $configuration
}
finally {
    Remove-Item Env:ALOPS_S2S_SHARED_EMULATOR
    Stop-S2SEmulator -Emulator $sharedEmulator
}

# A container that fails before any of its tests could fail (e.g. a syntax error at discovery) counts as one
# failure; a failing BeforeAll already marks the tests under it as failed, so it is not counted twice.
$silentFailures = @($result.Containers | Where-Object { $_.Result -eq 'Failed' -and $_.FailedCount -eq 0 }).Count
$failed = $result.FailedCount + $silentFailures
$counts = [ordered]@{
    Passed           = $result.PassedCount
    Failed           = $failed
    Skipped          = $result.SkippedCount
    NotRun           = $result.NotRunCount
    FailedBlocks     = $result.FailedBlocksCount
    FailedContainers = $result.FailedContainersCount
    Result           = $result.Result
}
$counts | ConvertTo-Json | Set-Content -LiteralPath $CountsPath -Encoding utf8NoBOM
Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $counts.Passed, $counts.Failed, $counts.Skipped)

if ($failed -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
