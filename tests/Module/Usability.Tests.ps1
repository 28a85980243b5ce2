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

Describe 'Journey A, run twice in one script' {
    BeforeAll {
        $script:JourneyName = New-Name
        $script:Journey = {
            param([switch] $Wait)
            New-ALOpsS2SApp -DisplayName $script:JourneyName |
                Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All |
                Register-ALOpsBcClient -Environment Production, Sandbox -Wait:$Wait -WarningAction SilentlyContinue |
                Test-ALOpsS2S -WarningVariable script:JourneyWarnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue 6>$null
        }
        # The first run creates the app; the person then does page 9860 in both environments.
        $script:FirstRun = @(& $script:Journey)
        $clientId = ($script:FirstRun | Select-Object -First 1).ClientId
        foreach ($environment in 'Production', 'Sandbox') {
            Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:TenantId -Environment $environment -ClientId $clientId `
                -Description $script:JourneyName -PermissionSet 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN' | Out-Null
        }
        $script:SecondRun = @(& $script:Journey -Wait 3>$null)
    }

    It 'the first run checks the app as itself' {
        ($script:FirstRun | Where-Object Check -EQ 'TokenForBusinessCentral').Status | Should -Be 'Pass'
    }

    It 'the second run ends with the doctor''s rows, not a terminating error' {
        $script:SecondRun.Count | Should -BeGreaterThan 5
        $script:SecondRun | ForEach-Object { $_.GetType().Name } | Sort-Object -Unique | Should -Be 'S2SCheckResult'
    }

    It 'checks as the operator what it can without the app''s credential' {
        ($script:SecondRun | Where-Object Check -EQ 'TenantResolves').Status | Should -Be 'Pass'
        ($script:SecondRun | Where-Object Check -EQ 'AdminCenterAuthorized').Status | Should -Be 'Pass'
        @($script:SecondRun | Where-Object Check -EQ 'Registered' | ForEach-Object { "$($_.Target)=$($_.Status)" }) | Should -Be @('Production=Pass', 'Sandbox=Pass')
        @($script:SecondRun | Where-Object Check -EQ 'PermissionSets' | ForEach-Object Status) | Should -Be @('Pass', 'Pass')
    }

    It 'marks the sign-in checks Skipped with a fix naming -NewSecret and -ClientSecret' {
        $skipped = @($script:SecondRun | Where-Object Check -In 'TokenForBusinessCentral', 'RolesInToken', 'StandardApi', 'AutomationApi', 'ExtensionManagement')
        $skipped.Count | Should -Be 8 # 2 of the app, 3 in each of 2 environments
        $skipped.Status | Sort-Object -Unique | Should -Be 'Skipped'
        foreach ($row in $skipped) {
            $row.Fix | Should -Match '-NewSecret'
            $row.Fix | Should -Match '-ClientSecret'
        }
        ($script:JourneyWarnings -join "`n") | Should -Match 'No credential of app'
    }

    It 'reports an environment the app is not registered in as a failure, still without its credential' {
        $clientId = $script:SecondRun[0].ClientId
        Remove-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:TenantId -Environment Sandbox -ClientId $clientId | Out-Null
        $errors = $null
        $rows = @(Test-ALOpsS2S -ClientId $clientId -Environment Sandbox -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 6>$null)
        ($rows | Where-Object Check -EQ 'Registered').Status | Should -Be 'Fail'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'S2S.AppNotRegisteredInEnvironment,*'
    }
}

Describe 'Register -Wait over several environments asks once' {
    It 'prints every environment''s page 9860 instructions before the first poll, then waits for all with one progress bar' {
        $app = New-GrantedApp
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($Module, $Connection, $App)
                Import-Module $Module
                $App | Register-ALOpsBcClient -Environment Production, Sandbox -Wait -Timeout 120 -PollInterval 1 -Connection $Connection
            }).AddParameters(@{ Module = $env:ALOPS_S2S_MODULE_PATH; Connection = (Get-ALOpsS2SConnection); App = $app })
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ($ps.Streams.Warning.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            # Both instructions are out while the command still waits for the person: one sitting for the admin.
            $ps.InvocationStateInfo.State | Should -Be 'Running'
            $ps.Streams.Warning.Count | Should -Be 1
            $block = $ps.Streams.Warning[0].Message
            $block | Should -Match "environment 'Production'.*page=9860"
            $block | Should -Match "environment 'Sandbox'.*page=9860"
            $block | Should -Match 'continues as soon as all are done'
            $block | Should -Not -Match 'add -Wait'
            foreach ($environment in 'Production', 'Sandbox') {
                Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:TenantId -Environment $environment -ClientId $app.ClientId `
                    -Description $app.DisplayName -PermissionSet 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN' | Out-Null
            }
            $results = @($ps.EndInvoke($handle))
            $results.Environment | Should -Be @('Production', 'Sandbox')
            $results.Registered | Should -Be @($true, $true)
            @($ps.Streams.Progress | Where-Object { $_.Activity -like 'Waiting for the app to be registered*' } | ForEach-Object ActivityId | Sort-Object -Unique) | Should -HaveCount 1
            @($ps.Streams.Progress | Where-Object { $_.Activity -like 'Waiting for the app to be registered*' } | ForEach-Object Activity | Sort-Object -Unique) | Should -HaveCount 1
            $ps.Streams.Warning.Count | Should -Be 1
        }
        finally { $ps.Dispose() }
    }

    It 'after a timeout, tells to run again, not to add -Wait' {
        $app = New-GrantedApp
        $errors = $null
        $results = @($app | Register-ALOpsBcClient -Environment Production, Sandbox -Wait -Timeout 1 -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $errors.Count | Should -Be 2
        foreach ($result in $results) {
            $result.ActionRequired | Should -Match 'run Register-ALOpsBcClient again'
            $result.ActionRequired | Should -Not -Match 'add -Wait'
        }
    }
}

Describe '-WhatIf over the whole chain' {
    It 'shows the plan of New, Grant and Register, and writes nothing' {
        $name = New-Name
        Clear-Log
        $transcript = Join-Path $TestDrive "chain-whatif-$([guid]::NewGuid().ToString('N')).txt"
        Start-Transcript -LiteralPath $transcript | Out-Null
        try {
            $out = @(New-ALOpsS2SApp -DisplayName $name -WhatIf |
                    Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All -WhatIf |
                    Register-ALOpsBcClient -Environment Sandbox -WhatIf)
        }
        finally { Stop-Transcript | Out-Null }
        $text = Get-Content -LiteralPath $transcript -Raw
        $text | Should -Match "What if: .*Create app registration '$([regex]::Escape($name))'"
        $text | Should -Match "What if: .*Grant Business Central permissions API\.ReadWrite\.All, Automation\.ReadWrite\.All.*app '$([regex]::Escape($name))' \(planned\)"
        $text | Should -Match "What if: .*Register app '$([regex]::Escape($name))' \(planned\) on page 9860.*environment Sandbox"
        $out | Should -HaveCount 1
        $out[0].Planned | Should -BeTrue
        $out[0].ClientId | Should -BeNullOrEmpty
        $out[0].Environment | Should -Be 'Sandbox'
        @(Get-S2STestWrites -Emulator $script:Emulator) | Should -BeNullOrEmpty
    }

    It 'a planned app piped on without -WhatIf is still only a plan: zero writes, and a warning says so' {
        $plan = New-ALOpsS2SApp -DisplayName (New-Name) -WhatIf
        Clear-Log
        $warnings = $null
        $grant = $plan | Grant-ALOpsS2SPermission -WarningVariable warnings -WarningAction SilentlyContinue
        $grant.Planned | Should -BeTrue
        ($warnings -join "`n") | Should -Match 'Not done: Grant'
        @(Get-S2STestWrites -Emulator $script:Emulator) | Should -BeNullOrEmpty
    }
}

Describe 'The doctor''s default view' {
    It 'shows the fix of each row that did not pass, and the summary after the table (child pwsh, 80 columns)' {
        $app = New-GrantedApp
        $secret = [System.Net.NetworkCredential]::new('', $app.ClientSecret).Password
        # The secret and the client id reach the child through its environment, never its command line.
        $environment = $script:ChildEnvironment + @{ S2S_TEST_SECRET = $secret; S2S_TEST_CLIENT_ID = $app.ClientId }
        $run = Invoke-S2SChildPwsh -Environment $environment -Script (@"
Import-Module '$($env:ALOPS_S2S_MODULE_PATH)'
"@ + {
            $secret = ConvertTo-SecureString $env:S2S_TEST_SECRET -AsPlainText -Force
            # Sandbox: not registered on page 9860, so StandardApi fails with a fix.
            Test-ALOpsS2S -TenantId contoso.onmicrosoft.com -ClientId $env:S2S_TEST_CLIENT_ID -ClientSecret $secret -Environment Sandbox -ErrorAction SilentlyContinue | Out-Host
            'done'
        })
        $run.Error | Should -BeNullOrEmpty
        $lines = @($run.Output)
        $failRow = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($l) $l -match '^Fail\s+StandardApi\s+Sandbox' })
        $failRow | Should -BeGreaterOrEqual 0
        $fix = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($l) $l -match '^\s+Fix: Register-ALOpsBcClient' })
        $fix | Should -BeGreaterThan $failRow
        $summary = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($l) $l -match '^Test-ALOpsS2S: \d+ passed' })
        $summary | Should -BeGreaterThan $fix
        $lines | Where-Object { $_.Length -gt 120 } | Should -BeNullOrEmpty
    }
}

Describe 'Smaller things, each visible' {
    It 'Get-ALOpsS2SConnection | New-ALOpsS2SApp -WhatIf does not take the operator''s client id for the app' {
        (Get-ALOpsS2SConnection).PSObject.Properties.Name | Should -Not -Contain 'ClientId'
        (Get-ALOpsS2SConnection).OperatorClientId | Should -Be '1950a258-227b-4e31-a9cf-717495945fc2'
        Clear-Log
        $out = @(Get-ALOpsS2SConnection | New-ALOpsS2SApp -WhatIf -ErrorAction SilentlyContinue -ErrorVariable errors)
        $out | Where-Object { $_.ClientId -eq '1950a258-227b-4e31-a9cf-717495945fc2' } | Should -BeNullOrEmpty
        $errors.Count | Should -BeGreaterThan 0
        @(Get-S2STestWrites -Emulator $script:Emulator) | Should -BeNullOrEmpty
    }

    It 'Mode says DeviceCode after an interactive sign-in fell back to a device code' {
        $display, $wayland = $env:DISPLAY, $env:WAYLAND_DISPLAY
        Remove-Item Env:DISPLAY, Env:WAYLAND_DISPLAY -ErrorAction SilentlyContinue # no browser here
        try {
            Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ deviceCodeUser = 'admin@contoso.onmicrosoft.com' } | Out-Null
            $connection = Connect-ALOpsS2S -TenantId contoso.onmicrosoft.com -WarningAction SilentlyContinue
            $connection.Mode | Should -Be 'DeviceCode'
        }
        finally {
            if ($display) { $env:DISPLAY = $display }
            if ($wayland) { $env:WAYLAND_DISPLAY = $wayland }
        }
    }

    It 'TenantDomain is known when connected without -TenantId' {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ deviceCodeUser = 'admin@contoso.onmicrosoft.com' } | Out-Null
        $connection = Connect-ALOpsS2S -UseDeviceCode -WarningAction SilentlyContinue
        $connection.TenantDomain | Should -Be 'contoso.onmicrosoft.com'
    }

    It 'a cloud from the ALOPS_S2S_* variables is not called "Environment"' {
        (Get-ALOpsS2SConnection).Cloud | Should -Be 'Custom (ALOPS_S2S_* variables)'
    }

    It 'the chain hands its app on in one hidden handle: not shown, not in help, and no other hidden pipeline parameter' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        ($app | Format-List * | Out-String) | Should -Not -Match 'AppHandle'
        ($app | Get-Member).Name | Should -Not -Contain 'AppHandle'
        $app.AppHandle | Should -Not -BeNullOrEmpty -Because 'it is hidden, not missing'
        foreach ($command in 'Grant-ALOpsS2SPermission', 'Register-ALOpsBcClient', 'Test-ALOpsS2S') {
            Get-Help $command -Parameter AppHandle -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $parameters = (Get-Command $command).Parameters.Keys
            foreach ($gone in 'Created', 'Planned', 'ServicePrincipalId', 'InputObject') { $parameters | Should -Not -Contain $gone }
        }
    }

    It 'a -ClientId given by hand names the app: what the piped app''s handle says of another app is not used' {
        $piped = New-ALOpsS2SApp -DisplayName (New-Name)
        $named = New-ALOpsS2SApp -DisplayName (New-Name)
        $grant = $piped | Grant-ALOpsS2SPermission -ClientId $named.ClientId -Permission API.ReadWrite.All
        $grant.ClientId | Should -Be $named.ClientId
        $grant.ServicePrincipalId | Should -Be $named.ServicePrincipalId
    }

    It 'help does not call Connect''s -TenantId and -ClientId required, nor list hidden parameters' {
        (Get-Help Connect-ALOpsS2S -Parameter TenantId).required | Should -Be 'false'
        (Get-Help Connect-ALOpsS2S -Parameter ClientId).required | Should -Be 'false'
        Get-Help Register-ALOpsBcClient -Parameter PollInterval -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Help Grant-ALOpsS2SPermission -Parameter InputObject -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Help Test-ALOpsS2S -Parameter Created -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'about_ALOps.S2S agrees with the README on the admin center''s 403, and no example pastes a secret into script text' {
        $about = Get-Help about_ALOps.S2S | Out-String
        $about | Should -Not -Match 'Admin center 401'
        $about | Should -Match 'Admin center 403'
        (Get-Help Disconnect-ALOpsS2S -Examples | Out-String) | Should -Not -Match "'\`$\(azure_app_client_secret\)'"
    }

    It 'the app table fits 80 columns' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        $lines = @(($app | Format-Table | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
        $lines | Should -HaveCount 3 -Because 'header, underline and one row, not wrapped'
        $lines[2] | Should -Match ([regex]::Escape($app.ClientId))
        $lines[2] | Should -Match '\(SecureString\)'
    }

    It 'verbose says "(none)" for no permission sets, and the registration table names the next step' {
        $app = New-GrantedApp
        $verbose = @($app | Register-ALOpsBcClient -Environment Sandbox -Verbose -WarningAction SilentlyContinue 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Contain "Environment 'Sandbox': registered False, permission sets (none)."
        $verbose | Where-Object { $_ -match 'permission sets \.' } | Should -BeNullOrEmpty
        $table = $app | Register-ALOpsBcClient -Environment Sandbox -WarningAction SilentlyContinue | Format-Table | Out-String -Width 200
        $table | Should -Match 'Register on page 9860'
        $table | Should -Not -Match 'see ActionRequired'
    }

    It 'Grant''s Permission lists every role the app holds, also one it already had and was not asked for' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        $null = $app | Grant-ALOpsS2SPermission -Permission API.ReadWrite.All
        $grant = Grant-ALOpsS2SPermission -ClientId $app.ClientId -Permission Automation.ReadWrite.All
        $grant.Permission | Sort-Object | Should -Be @('API.ReadWrite.All', 'Automation.ReadWrite.All')
        $grant.NewlyGranted | Should -Be @('Automation.ReadWrite.All')
    }

    It 'the README warns that Export-Clixml does not protect the secret on Linux and macOS' {
        Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md') | Should -Match 'Export-Clixml.*\n?.*Linux and macOS'
    }
}
