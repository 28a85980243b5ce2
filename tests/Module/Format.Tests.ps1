#Requires -Modules Pester
# The format views: every output type renders as a table and as a list, and no view ever prints a secret.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId
    $script:Connection = Connect-S2STestPerson -Emulator $script:Emulator
    $script:App = New-ALOpsS2SApp -DisplayName "ALOps CI $([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $script:Grant = $script:App | Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All
    $script:Registration = @($script:Grant | Register-ALOpsBcClient -Environment Sandbox -WarningAction SilentlyContinue)[0]
    $script:Check = @($script:Registration | Test-ALOpsS2S -ErrorAction SilentlyContinue 6>$null)[0]
    $script:Secret = [System.Net.NetworkCredential]::new('', $script:App.ClientSecret).Password

    $script:Objects = @{
        S2SConnection      = $script:Connection
        S2SApp             = $script:App
        S2SPermissionGrant = $script:Grant
        S2SBcRegistration  = $script:Registration
        S2SCheckResult     = $script:Check
    }
    function script:Get-Rendered($Object, [string] $Format) {
        $Object | & $Format | Out-String -Width 300
    }
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Views of <_>' -ForEach @('S2SConnection', 'S2SApp', 'S2SPermissionGrant', 'S2SBcRegistration', 'S2SCheckResult') {
    BeforeAll { $script:Object = $script:Objects[$_] }

    It 'has a real object to show' {
        $script:Object.GetType().FullName | Should -Be "ALOps.S2S.Models.$_"
    }

    It 'renders as a table with its own columns' {
        $text = Get-Rendered $script:Object 'Format-Table'
        $text | Should -Match 'ClientId|Account|Status'
        $text | Should -Not -Match 'System\.Security\.SecureString'
    }

    It 'renders as a list' {
        $text = Get-Rendered $script:Object 'Format-List'
        $text | Should -Match '(TenantId|Check)\s+:'
        $text | Should -Not -Match 'System\.Security\.SecureString'
    }

    It 'never prints the secret, in any view or as a string' {
        foreach ($format in 'Format-Table', 'Format-List', 'Format-Wide', 'Out-String') {
            Get-Rendered $script:Object $format | Should -Not -Match ([regex]::Escape($script:Secret))
        }
        "$($script:Object)" | Should -Not -Match ([regex]::Escape($script:Secret))
        ($script:Object | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($script:Secret))
    }
}

Describe 'Secrets in views' {
    It 'shows that an object carries a secret as (SecureString)' -ForEach @('S2SApp', 'S2SPermissionGrant', 'S2SBcRegistration') {
        Get-Rendered $script:Objects[$_] 'Format-List' | Should -Match 'ClientSecret\s+: \(SecureString\)'
    }

    It 'shows (SecureString) in the app table' {
        Get-Rendered $script:App 'Format-Table' | Should -Match '\(SecureString\)'
    }
}
