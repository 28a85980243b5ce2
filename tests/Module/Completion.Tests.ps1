#Requires -Modules Pester
# Tab completion: permission names and permission sets offline, environment names from what Connect-ALOpsS2S and
# Register-ALOpsBcClient read for the tenant, never a network call from a completer.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    function script:Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
    }

    # An empty folder, so that no file name completion can pass for a result.
    $script:Empty = Join-Path $TestDrive 'empty'
    $null = New-Item -ItemType Directory -Path $script:Empty
    Push-Location $script:Empty
}

AfterAll {
    Pop-Location
}

Describe 'Completion without a connection' {
    BeforeAll { Disconnect-ALOpsS2S }

    It 'completes -Permission of <Command> with the Business Central application permissions' -ForEach @(
        @{ Command = 'Grant-ALOpsS2SPermission -ClientId x' }
        @{ Command = 'Test-ALOpsS2S -ClientId x' }
    ) {
        Complete "$Command -Permission " | Should -Be @('API.ReadWrite.All', 'Automation.ReadWrite.All', 'AdminCenter.ReadWrite.All', 'app_access')
        Complete "$Command -Permission aut" | Should -Be @('Automation.ReadWrite.All')
        Complete "$Command -Permission *Center*" | Should -Be @('AdminCenter.ReadWrite.All')
    }

    It 'completes -PermissionSet, quoting names with spaces' {
        $sets = Complete 'Register-ALOpsBcClient -ClientId x -Environment y -PermissionSet '
        $sets | Should -Contain "'D365 AUTOMATION'"
        $sets | Should -Contain "'EXTEN. MGT. - ADMIN'"
        $sets | Should -Contain "'D365 BACKUP/RESTORE'"
        $sets | Should -Contain 'SUPER'
        Complete "Register-ALOpsBcClient -ClientId x -Environment y -PermissionSet 'exten" | Should -Be @("'EXTEN. MGT. - ADMIN'")
        Complete 'Register-ALOpsBcClient -ClientId x -Environment y -PermissionSet D365*READ' | Should -Be @("'D365 READ'")
    }

    It 'offers no environment names and throws nothing for -Environment of <_>' -ForEach @('Register-ALOpsBcClient -ClientId x', 'Test-ALOpsS2S -ClientId x') {
        { Complete "$_ -Environment " } | Should -Not -Throw
        Complete "$_ -Environment " | Should -BeNullOrEmpty
    }

    It 'survives odd input' {
        { Complete "Grant-ALOpsS2SPermission -Permission '[" } | Should -Not -Throw
        { Complete 'Register-ALOpsBcClient -PermissionSet "`' } | Should -Not -Throw
    }
}

Describe 'Completion of environment names after Register-ALOpsBcClient' {
    BeforeAll {
        $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
        $script:Emulator = $world.Emulator
        $script:Connection = Connect-S2STestPerson -Emulator $script:Emulator
        $app = New-ALOpsS2SApp -DisplayName "ALOps CI $([guid]::NewGuid().ToString('N').Substring(0, 8))" |
            Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All
        $null = $app | Register-ALOpsBcClient -Environment Production, Sandbox -WarningAction SilentlyContinue
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
    }

    AfterAll {
        Disconnect-ALOpsS2S
        Clear-S2SEmulatorCloud
        if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
    }

    It 'completes -Environment of <_> from the connection, without a request' -ForEach @('Register-ALOpsBcClient -ClientId x', 'Test-ALOpsS2S -ClientId x') {
        Complete "$_ -Environment " | Should -Be @('Production', 'Sandbox')
        Complete "$_ -Environment s" | Should -Be @('Sandbox')
        Complete "$_ -Environment Production, " | Should -Be @('Sandbox') -Because 'a name already on the line is not offered again'
        Complete "$_ -Environment Production, p" | Should -BeNullOrEmpty
        @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator) | Should -BeNullOrEmpty -Because 'a completer never calls the network'
    }

    It 'offers nothing for names the connection has not seen' {
        Complete 'Test-ALOpsS2S -ClientId x -Environment Staging' | Should -BeNullOrEmpty
    }
}

Describe 'Completion of environment names right after Connect-ALOpsS2S' {
    BeforeAll {
        $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator-connect')
        $script:Emulator = $world.Emulator
        $script:Connection = Connect-S2STestPerson -Emulator $script:Emulator
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
    }

    AfterAll {
        Disconnect-ALOpsS2S
        Clear-S2SEmulatorCloud
        if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
    }

    It 'offers the tenant''s Active environments for <_>, never what is already typed, without a request' -ForEach @('Register-ALOpsBcClient -ClientId x', 'Test-ALOpsS2S -ClientId x') {
        Complete "$_ -Environment " | Should -Be @('Production', 'Sandbox')
        Complete "$_ -Environment S" | Should -Be @('Sandbox')
        Complete "$_ -Environment Sandbox, " | Should -Be @('Production')
        Complete "$_ -Environment Production,Sandbox," | Should -BeNullOrEmpty
        @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator) | Should -BeNullOrEmpty -Because 'a completer never calls the network'
    }

    It 'offers them for the tenant named on the line by its domain too' {
        Complete 'Register-ALOpsBcClient -ClientId x -TenantId contoso.onmicrosoft.com -Environment P' | Should -Be @('Production')
        Complete 'Register-ALOpsBcClient -ClientId x -TenantId fabrikam.onmicrosoft.com -Environment P' | Should -BeNullOrEmpty
    }
}
