# What the batch benches share: one measured run from a fresh operator sign-in, the calls the emulator's throttle
# counts, and the throttle-bound minimum. Dot-source it after BenchFigures.ps1 (it needs EmulatorHelpers.psm1).

function Invoke-Measured($Emulator, [scriptblock] $Work) {
    # Returns the wall time, the failed rows, the results and the request log of one run, from a fresh operator sign-in.
    Disconnect-ALOpsS2S
    Connect-S2STestPerson -Emulator $Emulator | Out-Null
    Get-S2SEmulatorRequestLog -Emulator $Emulator -Clear | Out-Null
    Wait-BenchQuiet $Emulator
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

function Set-BenchLoad($Emulator, [int] $LatencyMs, [double] $RequestsPerSecond) {
    # Every call late by LatencyMs; each service throttles each tenant to RequestsPerSecond.
    Set-S2SEmulatorFault -Emulator $Emulator -Fault @(
        @{ host = 'any'; kind = 'latency'; latencyMs = $LatencyMs }
        @{ host = 'any'; kind = 'rateLimit'; requestsPerSecond = $RequestsPerSecond }
    ) | Out-Null
}

function Get-RunSummary($Run, [double] $RequestsPerSecond, [string] $TracePath) {
    # What the figures need of a measured run, so that its request log and results need not be kept (they would
    # count in the process's peak memory). With TracePath, the run's request log is written there (JSON) first.
    if ($TracePath) { $Run.Log | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath $TracePath }
    [pscustomobject]@{
        Seconds    = $Run.Seconds
        FailedRows = $Run.FailedRows
        Bound      = Get-ThrottleBound $Run.Log $RequestsPerSecond
        Throttled  = @($Run.Log | Where-Object status -EQ 429).Count
        Requests   = @(Select-Metered $Run.Log).Count
    }
}

function Write-BatchFigures([string] $Label, [object[]] $Runs, [double] $MinimumRatioTarget) {
    # The figures of measured batch runs (Get-RunSummary): wall time (median), the first run, the throttle-bound
    # minimum, their ratio and the failed rows (printed to the host); returns the median wall time.
    $seconds = Get-Median $Runs.Seconds
    $bound = Get-Median $Runs.Bound.Seconds
    $ratio = $seconds / $bound
    Write-Figure "${Label}: wall time (median of $($Runs.Count))" ('{0:0.0} s ({1:0} calls, {2:0} answered 429)' -f $seconds, (Get-Median $Runs.Requests), (Get-Median $Runs.Throttled)) '' $true | Out-Host
    Write-Figure "${Label}: first run, nothing learned yet" ('{0:0.0} s ({1} answered 429; {2:0.00} x the minimum)' -f $Runs[0].Seconds, $Runs[0].Throttled, ($Runs[0].Seconds / $Runs[0].Bound.Seconds)) '' $true | Out-Host
    Write-Figure "${Label}: throttle-bound minimum" ('{0:0.0} s ({1} calls to {2})' -f $bound, $Runs[0].Bound.Requests, $Runs[0].Bound.Pair) '' $true | Out-Host
    Write-Figure "${Label}: wall time / throttle-bound minimum" ('{0:0.00}' -f $ratio) "<= $MinimumRatioTarget" ($ratio -le $MinimumRatioTarget) | Out-Host
    $failed = @($Runs | ForEach-Object FailedRows | Sort-Object -Unique)
    Write-Figure "${Label}: failed rows (all runs)" "$($failed.Count)$(if ($failed) { ': ' + (($failed | Select-Object -First 5) -join '; ') })" '0' ($failed.Count -eq 0) | Out-Host
    $seconds
}

function Wait-BenchQuiet($Emulator, [double] $MaxCoreShare = 0.1, [int] $TimeoutSeconds = 30) {
    # Lets the machine settle before a timed run: what building the world set off in this process and the emulator (the
    # JIT recompiling hot code in the background, collections) and whatever an earlier bench left running, so that none
    # of it takes the run's cores: the figure is the run's own, on a machine otherwise quiet. Polls the processor time
    # of the whole machine where it can be read (/proc/stat), else of this process and the emulator, until less than
    # MaxCoreShare of one core is used over half a second, for at most TimeoutSeconds.
    $machine = Test-Path -LiteralPath '/proc/stat'
    $processes = @([System.Diagnostics.Process]::GetCurrentProcess(), [System.Diagnostics.Process]::GetProcessById([int]$Emulator.pid))
    $used = if ($machine) {
        {
            # The first line sums every core's ticks (1/100 s): user, nice, system, idle, iowait, irq, softirq, steal, ...
            $ticks = @((Get-Content -LiteralPath '/proc/stat' -TotalCount 1) -split '\s+' | Select-Object -Skip 1 | ForEach-Object { [double]$_ })
            (($ticks | Measure-Object -Sum).Sum - $ticks[3] - $ticks[4]) / 100
        }
    }
    else {
        { ($processes | ForEach-Object { $_.Refresh(); $_.TotalProcessorTime.TotalSeconds } | Measure-Object -Sum).Sum }
    }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    do {
        $before = & $used
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        Start-Sleep -Milliseconds 500
        $share = ((& $used) - $before) / $watch.Elapsed.TotalSeconds
    } while ($share -gt $MaxCoreShare -and [DateTime]::UtcNow -lt $deadline)
}
