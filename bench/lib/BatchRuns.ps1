# What the batch benches share: one measured run from a fresh operator sign-in, the calls the emulator's throttle
# counts, and the throttle-bound minimum. Dot-source it after BenchFigures.ps1 (it needs EmulatorHelpers.psm1).

function Invoke-Measured($Emulator, [scriptblock] $Work) {
    # Returns the wall time, the failed rows, the results and the request log of one run, from a fresh operator sign-in.
    Disconnect-ALOpsS2S
    Connect-S2STestPerson -Emulator $Emulator | Out-Null
    Get-S2SEmulatorRequestLog -Emulator $Emulator -Clear | Out-Null
    $benchErrors = @()
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $results = @(. $Work)   # dot-sourced: -ErrorVariable +benchErrors lands here
    $watch.Stop()
    $log = @(Get-S2SEmulatorRequestLog -Emulator $Emulator -Clear)
    # A row fails when a command wrote an error for it, or one of its checks failed.
    $failedRows = @(@($benchErrors | Where-Object { "$($_.TargetObject)" -like 'row *' } | ForEach-Object { "$($_.TargetObject)" }) +
        @($results | Where-Object { "$($_.Status)" -eq 'Fail' } | ForEach-Object { "$($_.TenantId)/$($_.Target): $($_.Cause)" }) | Sort-Object -Unique)
    [pscustomobject]@{
        Seconds    = $watch.Elapsed.TotalSeconds
        FailedRows = $failedRows
        Errors     = @($benchErrors)
        Results    = $results
        Checks     = @($results | Where-Object { $_.PSObject.Properties['Check'] }).Count
        Log        = $log
    }
}

# The answered calls the throttle counts: each operation inside a $batch counts, the $batch request itself does not.
function Select-Metered($Log) { $Log | Where-Object { $_.status -ne 429 -and -not ($_.PSObject.Properties['batchId'] -and $_.batchId) } }

function Get-ThrottleBound($Log, [double] $RequestsPerSecond) {
    # The least time the throttle allows: the busiest (service, tenant) pair's answered calls at the rate.
    $busiest = Select-Metered $Log | Where-Object { $_.tenant -and $_.tenant -ne '-' } |
        Group-Object { "$($_.host) $($_.tenant)" } | Sort-Object Count -Descending | Select-Object -First 1
    [pscustomobject]@{ Seconds = $busiest.Count / $RequestsPerSecond; Pair = $busiest.Name; Requests = $busiest.Count }
}
