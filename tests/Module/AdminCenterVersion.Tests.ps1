#Requires -Modules Pester
# The Admin Center API version through the cmdlets (issue #14 item 7): the debug stream says which version answered, and a service
# that refuses the current one (the emulator's adminCenterLatestApiVersion plays an older service) gets one fallback.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator = $world.Emulator
    function script:Register-WithDebug {
        $name = "ALOps CI $([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $app = New-ALOpsS2SApp -DisplayName $name | Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        # The debug stream through the preference variable: -Debug on a compiled cmdlet means Inquire (PowerShell's
        # MshCommandRuntime), which a NonInteractive host refuses at the first debug line.
        $DebugPreference = 'Continue'
        $debug = $app | Register-ALOpsBcClient -Environment Sandbox -WarningAction SilentlyContinue 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message
        $admin = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost bc | Where-Object path -Like '/admin/*' | ForEach-Object { "$($_.method) $($_.path) $($_.status)" })
        [pscustomobject]@{ Debug = @($debug); Admin = $admin }
    }
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Register-ALOpsBcClient''s debug stream names the Admin Center API version that answered' {
    It 'uses the current documented version where the service has it' {
        Connect-S2STestPerson -Emulator $script:Emulator | Out-Null
        $run = Register-WithDebug
        $run.Admin | Should -Not -BeNullOrEmpty
        $run.Admin | ForEach-Object { $_ | Should -Match '^\w+ /admin/v2\.29/' }
        $run.Debug | Should -Contain 'Business Central admin center API v2.29 answered GET applications/BusinessCentral/environments: HTTP 200.'
    }

    It 'falls back once to v2.15 on a service without it, and keeps v2.15 for the connection' {
        # Connect reads the tenant's environments (for completion), so the connection's first admin center call, and
        # with it the one fallback, happens there.
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ adminCenterLatestApiVersion = 'v2.20' } | Out-Null
        try {
            Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
            $DebugPreference = 'Continue'
            $connectDebug = @(Connect-S2STestPerson -Emulator $script:Emulator 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
            $DebugPreference = 'SilentlyContinue'
            $connectAdmin = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost bc | Where-Object path -Like '/admin/*' | ForEach-Object { "$($_.method) $($_.path) $($_.status)" })
            $run = Register-WithDebug
            $again = Register-WithDebug
        }
        finally {
            Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ adminCenterLatestApiVersion = $null } | Out-Null
        }
        $admin = @($connectAdmin) + @($run.Admin) + @($again.Admin)
        $debug = @($connectDebug) + @($run.Debug) + @($again.Debug)
        @($admin | Where-Object { $_ -match '/admin/v2\.29/' }) | Should -Be @('GET /admin/v2.29/applications/BusinessCentral/environments 404')
        @($admin | Where-Object { $_ -match '/admin/v2\.15/' }).Count | Should -BeGreaterThan 2
        @($debug | Where-Object { $_ -like '*API v2.29 is not supported*using v2.15 from now on.' }).Count | Should -Be 1
        $debug | Should -Contain 'Business Central admin center API v2.15 answered GET applications/BusinessCentral/environments: HTTP 200.'
        $run.Admin | Should -Not -BeNullOrEmpty
        @($run.Admin) + @($again.Admin) | ForEach-Object { $_ | Should -Match '^\w+ /admin/v2\.15/' }
    }
}
