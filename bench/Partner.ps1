<#
.SYNOPSIS
    Times a partner onboarding against the emulator: 100 customer tenants x 3 Business Central environments (300
    environment rows) through Grant-ALOpsS2SPermission | Register-ALOpsBcClient | Test-ALOpsS2S, every call 100 ms
    late and each service throttling each tenant to 10 requests per second (issue 15, item 8).
.DESCRIPTION
    World: a partner tenant (contoso) whose admin is a delegated admin (GDAP, Global and Business Central
    Administrator) of each customer, and the partner's multitenant app in contoso, not yet consented, authorized or
    checked anywhere. Only the person's step that no API does is done ahead: page 9860 of each environment lists the
    app with its permission sets. Every run onboards customers it has never seen (fresh tenants), so it consents,
    authorizes and proves everything from scratch.

    Batch:            Import-Csv customers.csv (TenantId) | Grant-ALOpsS2SPermission -ClientSecret -ThrottleLimit N |
                      Register-ALOpsBcClient -AllEnvironments -ThrottleLimit N | Test-ALOpsS2S -ThrottleLimit N
                      (Grant: one row per customer; Register and Test: one row per environment, 300.)
    One row at a time: per customer, the same pipeline with -ThrottleLimit 1 everywhere, on -SampleCustomers
                      customers; the time for all customers is extrapolated from them (100 customers one after another
                      would take minutes). It runs first, then one untimed batch run on customers of its own, so the
                      emulator (a cloud is always warm) has served these calls, a hundred customers at once, before the
                      batch runs are timed.
    Runs:             -Runs batch runs (default 3), each on fresh customers; the wall time is their median, the first
                      run is printed apart. Before each, the bench waits until its own process and the emulator are
                      idle (the JIT's background work after building the world), so that they do not share the run's cores.
    Throttle-bound minimum: for the busiest (service, tenant) pair, its answered calls (operations inside a $batch
                      each count) / the rate. No schedule can be faster, whatever its concurrency.
    Tokens:           each (identity, tenant, resource) token is requested once per run, counted at the emulator's
                      token endpoint (grant type, client id, tenant, scope).
    Memory:           each batch run is a fresh child pwsh, as a partner runs it: Import-Module, Connect-ALOpsS2S, then the
                      timed pipeline; its peak working set is the onboarding's (pwsh, the module and 300 rows), without
                      this script's own emulator world (205 tenants built through the control API), which is printed apart.

    Needs SSL_CERT_FILE trusting the emulator CA (build.ps1 -Task Bench sets it).
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/module/ALOps.S2S/ALOps.S2S.psd1'),
    [int] $Customers = 100,
    [int] $EnvironmentsPerCustomer = 3,
    [int] $LatencyMs = 100,
    [double] $RequestsPerSecond = 10,
    [int] $ThrottleLimit = 300,
    [int] $Runs = 3,
    [int] $SampleCustomers = 5,
    [double] $MinimumRatioTarget = 1.2,
    [double] $SpeedUpTarget = 10,
    [int] $PeakMemoryTargetMB = 300,
    # Writes the request log of the first batch run there (JSON), to see where the time goes.
    [string] $TracePath
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'lib/BenchFigures.ps1')
. (Join-Path $PSScriptRoot 'lib/BatchRuns.ps1')
Import-Module (Resolve-Path -LiteralPath $ModulePath).ProviderPath
Import-Module (Join-Path $PSScriptRoot '../tests/Module/EmulatorHelpers.psm1')

$environments = 1..$EnvironmentsPerCustomer | ForEach-Object { 'Env{0:00}' -f $_ }

function New-Customers([string] $Prefix, [int] $Count) {
    # Fresh customer tenants (the partner's admin their delegated admin), each environment listing the app on page
    # 9860 as Register asks a person to; returns the CSV of their rows (TenantId).
    $rows = foreach ($n in 1..$Count) {
        $domain = '{0}{1:000}.onmicrosoft.com' -f $Prefix, $n
        $tenant = New-S2SEmulatorTenant -Emulator $world.Emulator -InitialDomain $domain -Environment $environments -DelegatedAdmin 'admin@contoso.onmicrosoft.com'
        foreach ($environment in $environments) {
            Register-S2SEmulatorEntraApp -Emulator $world.Emulator -Tenant $tenant.id -Environment $environment -ClientId $app.appId -Description 'ALOps Partner Bench' -PermissionSet 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN' | Out-Null
        }
        [pscustomobject]@{ TenantId = $domain }
    }
    $csv = Join-Path ([System.IO.Path]::GetTempPath()) "alops-s2s-bench-$Prefix-$PID.csv"
    $rows | Export-Csv -LiteralPath $csv -NoTypeInformation
    $csv
}

function Invoke-OnboardingInChild([string] $Csv) {
    # One batch run in a fresh pwsh, as a partner runs it (Import-Module, Connect-ALOpsS2S as the delegated admin, the
    # timed pipeline); returns its wall time, failed rows, environments checked and peak working set, and the request
    # log of the pipeline (the sign-in before it left out, as Invoke-Measured does).
    Set-S2SEmulatorSetting -Emulator $world.Emulator -Settings @{ deviceCodeUser = 'admin@contoso.onmicrosoft.com' } | Out-Null
    Get-S2SEmulatorRequestLog -Emulator $world.Emulator -Clear | Out-Null
    Wait-BenchQuiet $world.Emulator
    $child = Invoke-S2SChildPwsh -TimeoutSeconds 300 -Environment @{ ALOPS_S2S_BENCH_SECRET = $secretText } -Script @"
Import-Module '$((Resolve-Path -LiteralPath $ModulePath).ProviderPath)'
Connect-ALOpsS2S -TenantId 'contoso.onmicrosoft.com' -UseDeviceCode -WarningAction SilentlyContinue 6>`$null | Out-Null
`$secret = ConvertTo-SecureString `$env:ALOPS_S2S_BENCH_SECRET -AsPlainText -Force
Remove-Item Env:ALOPS_S2S_BENCH_SECRET
`$benchErrors = @()
`$started = [DateTimeOffset]::UtcNow
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
`$results = @(Import-Csv -LiteralPath '$Csv' |
    Grant-ALOpsS2SPermission -ClientId '$($app.appId)' -ClientSecret `$secret -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable +benchErrors |
    Register-ALOpsBcClient -AllEnvironments -ThrottleLimit $ThrottleLimit -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable +benchErrors |
    Test-ALOpsS2S -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable +benchErrors -InformationAction SilentlyContinue 6>`$null)
`$watch.Stop()
`$failedRows = @(@(`$benchErrors | Where-Object { "`$(`$_.TargetObject)" -like 'row *' } | ForEach-Object { "`$(`$_.TargetObject)" }) +
    @(`$results | Where-Object { "`$(`$_.Status)" -eq 'Fail' } | ForEach-Object { "`$(`$_.TenantId)/`$(`$_.Target): `$(`$_.Cause)" }) | Sort-Object -Unique)
Disconnect-ALOpsS2S
[pscustomobject]@{
    Seconds      = `$watch.Elapsed.TotalSeconds
    Started      = `$started.ToString('o')
    FailedRows   = `$failedRows
    Environments = @(`$results | Where-Object { `$_.PSObject.Properties['Check'] -and `$_.Target -like 'Env*' } | ForEach-Object { "`$(`$_.TenantId)/`$(`$_.Target)" } | Sort-Object -Unique).Count
    PeakMB       = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB
}
"@
    if ($child.Error -or -not $child.Result) { throw "The onboarding's pwsh failed (exit code $($child.ExitCode)): $($child.Error)" }
    $started = [datetimeoffset]$child.Result.Started
    [pscustomobject]@{
        Seconds      = [double]$child.Result.Seconds
        FailedRows   = @($child.Result.FailedRows)
        Environments = [int]$child.Result.Environments
        PeakMB       = [double]$child.Result.PeakMB
        Log          = @(Get-S2SEmulatorRequestLog -Emulator $world.Emulator -Clear | Where-Object { [datetimeoffset]$_.startedAt -ge $started })
    }
}

$world = Start-S2STestWorld -StateDirectory (Join-Path ([System.IO.Path]::GetTempPath()) "alops-s2s-bench-partner-$PID")
try {
    $secretText = New-TestSecret
    $secret = ConvertTo-SecureString $secretText -AsPlainText -Force
    $app = New-S2SEmulatorApp -Emulator $world.Emulator -DisplayName 'ALOps Partner Bench' -SecretText $secretText -SignInAudience AzureADMultipleOrgs
    $batchCsv = @(foreach ($run in 1..$Runs) { New-Customers ('benchpartner{0}c' -f $run) $Customers })
    $sampleCsv = New-Customers 'benchpartnersample' $SampleCustomers
    $warmUpCsv = New-Customers 'benchpartnerwarmup' $Customers
    Set-BenchLoad $world.Emulator $LatencyMs $RequestsPerSecond
    "Partner onboarding: $Customers customers x $EnvironmentsPerCustomer environments ($($Customers * $EnvironmentsPerCustomer) environment rows); $LatencyMs ms per call; $RequestsPerSecond requests/s per service and tenant; -ThrottleLimit $ThrottleLimit"

    # One customer at a time first: it also warms the emulator (which stands for a cloud that is always warm), so the
    # first batch run does not pay for the emulator's first calls. -ErrorVariable +benchErrors must run in Invoke-Measured's scope.
    $single = Invoke-Measured $world.Emulator {
        foreach ($row in Import-Csv -LiteralPath $sampleCsv) {
            $row |
                Grant-ALOpsS2SPermission -ClientId $app.appId -ClientSecret $secret -ThrottleLimit 1 -ErrorAction SilentlyContinue -ErrorVariable +benchErrors |
                Register-ALOpsBcClient -AllEnvironments -ThrottleLimit 1 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable +benchErrors |
                Test-ALOpsS2S -ThrottleLimit 1 -ErrorAction SilentlyContinue -ErrorVariable +benchErrors -InformationAction SilentlyContinue 6>$null
        }
    }
    # The emulator compiles and tunes its code for a hundred customers at once during the first such run; a cloud has.
    Invoke-OnboardingInChild $warmUpCsv | Out-Null
    $batch = foreach ($csv in $batchCsv) {
        $measured = Invoke-OnboardingInChild $csv
        $summary = Get-RunSummary $measured $RequestsPerSecond $(if ($csv -eq $batchCsv[0]) { $TracePath })
        $tokens = @($measured.Log | Where-Object { $_.host -eq 'login' -and $_.path -like '*/oauth2/v2.0/token' -and $_.status -eq 200 })
        $summary | Add-Member -PassThru -NotePropertyMembers @{
            # Environments with checks of their own, and token requests for an (identity, tenant, resource) token the run already had.
            Environments = $measured.Environments
            Tokens       = $tokens.Count
            Repeated     = @($tokens | Group-Object { "$($_.grantType) $($_.clientId) $($_.tenant) $($_.scope)" } | Where-Object Count -GT 1 | ForEach-Object { "$($_.Count) x $($_.Name)" })
            PeakMB       = $measured.PeakMB
        }
        $measured = $null
    }
    $batchSeconds = Write-BatchFigures 'Onboarding' $batch $MinimumRatioTarget
    # The onboarding is bound by this machine's processor as much as by the calls' latency: its speed goes with the figures.
    Write-Figure 'Machine speed: one RSA-2048 signature (median)' ('{0:0.00} ms' -f (Get-MachineSpeed)) '' $true
    $environmentRows = $Customers * $EnvironmentsPerCustomer
    $checked = Get-Median $batch.Environments
    Write-Figure 'Onboarding: environments checked' ('{0:0} per run' -f $checked) "$environmentRows" ($checked -eq $environmentRows)
    $repeated = @($batch | ForEach-Object Repeated)
    Write-Figure 'Onboarding: tokens asked again (all runs)' ('{0} ({1:0} tokens per run){2}' -f $repeated.Count, (Get-Median $batch.Tokens), $(if ($repeated) { ': ' + (($repeated | Select-Object -First 3) -join '; ') })) '0' ($repeated.Count -eq 0)

    $perCustomer = $single.Seconds / $SampleCustomers
    $speedUp = $perCustomer * $Customers / $batchSeconds
    Write-Figure 'One customer at a time (sample, extrapolated)' ('{0:0} s for {1} ({2:0.0} s each x {3} customers = {4:0} s)' -f $single.Seconds, $SampleCustomers, $perCustomer, $Customers, ($perCustomer * $Customers)) '' $true
    Write-Figure 'Onboarding speed-up over one at a time' ('{0:0.0} x' -f $speedUp) ">= $SpeedUpTarget x" ($speedUp -ge $SpeedUpTarget)
    Write-Figure 'One at a time: failed rows' "$(@($single.FailedRows).Count)" '0' (@($single.FailedRows).Count -eq 0)

    $peakMB = ($batch.PeakMB | Measure-Object -Maximum).Maximum
    Write-Figure 'Onboarding: peak memory of its pwsh (highest run)' ('{0:0} MB (pwsh, module, 300 rows)' -f $peakMB) "< $PeakMemoryTargetMB MB" ($peakMB -lt $PeakMemoryTargetMB)
    $benchMB = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB
    Write-Figure "Bench's own pwsh (its emulator world, one at a time)" ('{0:0} MB' -f $benchMB) '' $true
}
finally {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorFault -Emulator $world.Emulator
    Stop-S2SEmulator -Emulator $world.Emulator
}
