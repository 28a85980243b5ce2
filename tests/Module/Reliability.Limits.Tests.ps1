#Requires -Modules Pester
<#
    Reliability, its limits: retries are bounded, the operator token expires mid-run, Ctrl+C in the middle and a 30 s
    replication delay, for the cmdlets of Reliability.Tests.ps1 (whose contract comment applies here too). A file of its
    own so that it runs in a Pester lane of its own beside the fault matrix (build.ps1, Get-PesterLanes).
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'Reliability.Setup.ps1')
}

AfterAll { Close-ReliabilityWorld }

Describe 'Retries are bounded' {
    AfterEach { Clear-S2SEmulatorFault -Emulator $script:Emulator }

    It 'keeps retrying a throttled call past 6 retries while the wait budget lasts (9 x 429, then success)' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost graph -Kind throttle -RetryAfterSeconds 1 -Count 9 | Out-Null
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $run = Invoke-Runner { param($Name) New-ALOpsS2SApp -DisplayName $Name } @{ Name = (New-Name) }
        $run.Errors | Should -BeNullOrEmpty
        @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost graph | Where-Object status -EQ 429).Count | Should -Be 9
        $run.Seconds | Should -BeGreaterThan 8.5
        $run.Seconds | Should -BeLessThan 25
    }

    It 'gives up after 6 retries of an unavailable service (7 requests, ~6 s) with a clear error' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost graph -Kind unavailable -RetryAfterSeconds 1 | Out-Null
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $run = Invoke-Runner { param($Name) New-ALOpsS2SApp -DisplayName $Name } @{ Name = (New-Name) }
        $unavailable = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost graph | Where-Object status -EQ 503)
        $unavailable.Count | Should -Be 7
        $run.Seconds | Should -BeLessThan 15
        $record = @($run.Errors)[0]
        $record.FullyQualifiedErrorId | Should -Match '^S2S\.'
        "$($record.Exception.Message) $($record.ErrorDetails)" | Should -Match '503|unavailable|busy'
        @($run.Verbose -match 'retry \d+ of 6').Count | Should -Be 6
    }

    It 'does not wait when Retry-After exceeds the 60 s single-wait bound' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost graph -Kind throttle -RetryAfterSeconds 120 | Out-Null
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $run = Invoke-Runner { param($Name) New-ALOpsS2SApp -DisplayName $Name } @{ Name = (New-Name) }
        @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost graph | Where-Object status -EQ 429).Count | Should -Be 1
        $run.Seconds | Should -BeLessThan 5
        @($run.Errors)[0].FullyQualifiedErrorId | Should -Match '^S2S\.'
    }

    It 'resends a read whose connection drops 3 times in a row with back-off 1, 2, 4 s (at most 3 resends; see RetryHandlerTransportTests)' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost bc -Kind drop -Method GET -PathContains '/environments' -Count 3 | Out-Null
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        $run = Invoke-Runner { param($ClientId, $Name) Register-ALOpsBcClient -ClientId $ClientId -Description $Name -Environment Production -WarningAction SilentlyContinue } @{ ClientId = $app.ClientId; Name = $app.DisplayName }
        $run.Errors | Should -BeNullOrEmpty
        @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost bc | Where-Object { $_.PSObject.Properties['fault'] -and $_.fault -eq 'drop' }).Count | Should -Be 3
        @($run.Verbose -match 'connection lost.*retry \d+ of 3').Count | Should -Be 3
        $run.Seconds | Should -BeGreaterThan 6.5
        $run.Seconds | Should -BeLessThan 15
    }

    It 'gives up on a host that refuses connections after 3 resends (about 7 s), naming what to check' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost bc -Kind drop -Method GET -PathContains '/environments' -Count 10 | Out-Null
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        $run = Invoke-Runner { param($ClientId, $Name) Register-ALOpsBcClient -ClientId $ClientId -Description $Name -Environment Production -WarningAction SilentlyContinue } @{ ClientId = $app.ClientId; Name = $app.DisplayName }
        @($run.Errors).Count + @($run.Thrown).Count | Should -BeGreaterThan 0
        "$(@($run.Errors + $run.Thrown) | ForEach-Object { $_.Exception.Message })" | Should -Match 'broke 4 times in a row.*network or proxy'
        $run.Seconds | Should -BeLessThan 15
    }
}

Describe 'The operator token expires mid-run' {
    AfterAll {
        Clear-S2SEmulatorFault -Emulator $script:Emulator
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ tokenLifetimeSeconds = 3600 } | Out-Null
        Connect-Runner
    }

    It 'New | Grant | Register completes with tokens that live 2 s, refreshing silently' {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ tokenLifetimeSeconds = 2 } | Out-Null
        Connect-Runner
        Start-Sleep -Seconds 3 # the connection's tokens have expired
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost graph -Kind latency -LatencyMs 1000 -Method GET -Count 3 | Out-Null
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $name = New-Name
        $run = Invoke-Runner {
            param($Name, $Permission)
            New-ALOpsS2SApp -DisplayName $Name | Grant-ALOpsS2SPermission -Permission $Permission | Register-ALOpsBcClient -Environment Production -WarningAction SilentlyContinue
        } @{ Name = $name; Permission = $script:Permissions }
        $run.Errors | Should -BeNullOrEmpty
        $run.Thrown | Should -BeNullOrEmpty
        $run.Output[-1].AdminCenterAuthorized | Should -BeTrue
        $tokens = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost login | Where-Object { $_.path -like '*/token' -and $_.status -eq 200 })
        $tokens.Count | Should -BeGreaterThan 2 -Because 'expired tokens were renewed during the run'
        $state = Get-EndState $name
        $state.Apps | Should -Be 1
        $state.RoleAssignments | Should -Be 3
        $state.Authorized | Should -Be 1
    }
}

Describe 'Ctrl+C in the middle, then a plain re-run' {
    AfterEach { Clear-S2SEmulatorFault -Emulator $script:Emulator }

    It 'stops <Cmdlet> within 3 s while a call hangs, and the re-run converges' -ForEach @(
        @{ Cmdlet = 'New'; Fault = @{ host = 'graph'; kind = 'latency'; latencyMs = 20000; method = 'POST'; pathContains = '/servicePrincipals'; durationSeconds = 25 } }
        @{ Cmdlet = 'Grant'; Fault = @{ host = 'graph'; kind = 'latency'; latencyMs = 20000; method = 'POST'; pathContains = '/appRoleAssignedTo'; durationSeconds = 25 } }
        @{ Cmdlet = 'Register'; Fault = @{ host = 'bc'; kind = 'latency'; latencyMs = 20000; method = 'POST'; durationSeconds = 25 } }
        @{ Cmdlet = 'Test'; Fault = @{ host = 'bc'; kind = 'latency'; latencyMs = 20000; method = 'GET'; durationSeconds = 25 } }
    ) {
        $definition = $script:Cmdlets[$Cmdlet]
        $context = & $definition.Arrange
        Set-S2SEmulatorFault -Emulator $script:Emulator -Fault $Fault | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Module, $Connection, $Act, $Arguments)
                    Import-Module $Module
                    $PSDefaultParameterValues['*-ALOps*:Connection'] = $Connection
                    & ([scriptblock]::Create($Act)) @Arguments
                }).AddParameters(@{ Module = $env:ALOPS_S2S_MODULE_PATH; Connection = (Get-ALOpsS2SConnection); Act = $definition.Act.ToString(); Arguments = $context })
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (Get-S2SEmulatorFault -Emulator $script:Emulator | Where-Object hits -GT 0) -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            Start-Sleep -Milliseconds 300 # the call is in flight
            Stop-S2SPowerShell -PowerShell $ps | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }

        Clear-S2SEmulatorFault -Emulator $script:Emulator
        Start-Sleep -Seconds 1
        $again = Invoke-Runner $definition.Act $context
        $again.Errors | Should -BeNullOrEmpty
        $again.Thrown | Should -BeNullOrEmpty
        & $definition.Check $context (Get-EndState $context.Name)
    }
}

Describe 'A 30-second Entra replication delay' {
    AfterAll { Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 0 } | Out-Null }

    It 'New | Grant waits it out within the 180 s replication budget, reporting progress' {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 30 } | Out-Null
        $name = New-Name
        $run = Invoke-Runner { param($Name, $Permission) New-ALOpsS2SApp -DisplayName $Name | Grant-ALOpsS2SPermission -Permission $Permission } @{ Name = $name; Permission = $script:Permissions }
        $run.Errors | Should -BeNullOrEmpty
        $run.Thrown | Should -BeNullOrEmpty
        $run.Seconds | Should -BeGreaterThan 25 -Because 'the emulator really delayed replication'
        $run.Seconds | Should -BeLessThan 60
        ($run.Progress -match 'replication') | Should -Not -BeNullOrEmpty
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 0 } | Out-Null
        $state = Get-EndState $name
        $state.Apps | Should -Be 1
        $state.ServicePrincipals | Should -Be 1
        $state.Passwords | Should -Be 1
        $state.RoleAssignments | Should -Be 3
    }
}
