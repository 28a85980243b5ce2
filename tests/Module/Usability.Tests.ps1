#Requires -Modules Pester
# What a PowerShell user trips over at the prompt and in pipelines (issue 17): durations in seconds, re-running
# journey A, -Debug in CI, pipeline outputs that redirection cannot silence, -Wait over several environments,
# -WhatIf over the whole chain, the doctor's Fix column, and completion of environment names.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId
    $script:ChildEnvironment = @{
        ALOPS_S2S_AUTHORITY_HOST = $script:Emulator.authorityHost
        ALOPS_S2S_GRAPH_ENDPOINT = $script:Emulator.graphEndpoint
        ALOPS_S2S_BC_ENDPOINT    = $script:Emulator.businessCentralEndpoint
    }

    function script:Connect-Person { Connect-S2STestPerson -Emulator $script:Emulator | Out-Null }
    function script:Clear-Log { Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null }
    function script:New-Name { "ALOps UX $([guid]::NewGuid().ToString('N').Substring(0, 8))" }
    function script:New-GrantedApp {
        New-ALOpsS2SApp -DisplayName (New-Name) | Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All
    }
    Connect-Person
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe '-Debug in a pipeline (pwsh -NonInteractive)' {
    It 'Connect-ALOpsS2S -Debug signs in and prints the correlation ids, without prompting' {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ deviceCodeUser = 'admin@contoso.onmicrosoft.com' } | Out-Null
        $run = Invoke-S2SChildPwsh -Environment $script:ChildEnvironment -Script (@"
Import-Module '$($env:ALOPS_S2S_MODULE_PATH)'
"@ + {
            $lines = Connect-ALOpsS2S -TenantId contoso.onmicrosoft.com -UseDeviceCode -Debug *>&1 |
                Where-Object { $_ -is [System.Management.Automation.InformationalRecord] } | ForEach-Object Message
            $lines -join "`n"
        })
        $run.Error | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $run.Result | Should -Match 'HTTP POST \S+/oauth2/v2\.0/token -> 200 .*\(request id [0-9a-f-]{36}\)'
    }

    It 'New-ALOpsS2SApp -Debug (twice: the second run warns) runs to the end and prints the request ids' {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ deviceCodeUser = 'admin@contoso.onmicrosoft.com' } | Out-Null
        $run = Invoke-S2SChildPwsh -Environment $script:ChildEnvironment -Script (@"
Import-Module '$($env:ALOPS_S2S_MODULE_PATH)'
"@ + {
            Connect-ALOpsS2S -TenantId contoso.onmicrosoft.com -UseDeviceCode -WarningAction SilentlyContinue | Out-Null
            $first = @(New-ALOpsS2SApp -DisplayName 'ALOps Debug run' -Debug *>&1)
            $second = @(New-ALOpsS2SApp -DisplayName 'ALOps Debug run' -Debug *>&1)
            [pscustomobject]@{
                Apps     = @($first + $second | Where-Object { $_.PSObject.TypeNames -contains 'ALOps.S2S.Models.S2SApp' }).Count
                Warnings = @($second | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message) -join "`n"
                Trace    = @($first + $second | Where-Object { $_ -is [System.Management.Automation.InformationalRecord] } | ForEach-Object Message) -join "`n"
            }
        })
        $run.Error | Should -BeNullOrEmpty
        $run.Result.Apps | Should -Be 2
        $run.Result.Warnings | Should -Match 'valid client secret'
        $run.Result.Trace | Should -Match 'HTTP (GET|POST) \S+ -> 20\d .*\(request id [0-9a-f-]{36}\)'
    }
}

Describe 'Durations are seconds, a time span string or a TimeSpan' {
    It 'Register -Wait -Timeout <Given> waits about 2 seconds, then times out' -ForEach @(
        @{ Given = 2 }
        @{ Given = '2' }
        @{ Given = 2.0 }
        @{ Given = '00:00:02' }
        @{ Given = [TimeSpan]::FromSeconds(2) }
    ) {
        $app = New-GrantedApp
        $errors = $null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $result = $app | Register-ALOpsBcClient -Environment Sandbox -Wait -Timeout $Given -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $watch.Stop()
        $result.Registered | Should -BeFalse
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'S2S.RegistrationWaitTimedOut,*'
        $errors[0].Exception.Message | Should -Match 'within 00:00:02'
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 1.8
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
    }

    It 'polls at most once a second, however small -PollInterval is' {
        $app = New-GrantedApp
        Clear-Log
        $null = $app | Register-ALOpsBcClient -Environment Sandbox -Wait -Timeout 3 -PollInterval 0.001 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $bc = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost bc)
        # Reading the registration state takes a few requests per poll; tick-polling made well over a hundred.
        $bc.Count | Should -BeLessThan 40
    }

    It 'refuses a string that is no duration before anything is written' {
        $app = New-GrantedApp
        Clear-Log
        { $app | Register-ALOpsBcClient -Environment Sandbox -Wait -Timeout 'soon' -ErrorAction Stop } |
            Should -Throw -ExpectedMessage "*'soon' is not a duration*"
        @(Get-S2STestWrites -Emulator $script:Emulator).Count | Should -Be 0
    }
}
