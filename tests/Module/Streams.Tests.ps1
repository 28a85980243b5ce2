#Requires -Modules Pester
# Verbose and debug lines follow the command's effective preference (-Verbose/-Debug, else the preference variables in
# scope): the engine builds no line PowerShell would drop, and every line is there when asked for.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId
    $script:Secret = New-TestSecret
    $script:App = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Operator (streams)' `
        -SecretText $script:Secret -GraphRole 'Application.ReadWrite.All'
    $script:AsApp = @{ TenantId = $script:TenantId; ClientId = $script:App.appId; ClientSecret = (ConvertTo-SecureString $script:Secret -AsPlainText -Force) }
    function script:Lines($Records, [type] $Type) { @($Records | Where-Object { $_ -is $Type } | ForEach-Object { "$_" }) }
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Verbose and debug lines' {
    It 'traces every HTTP call with -Verbose' {
        $records = Connect-ALOpsS2S @AsApp -Verbose 4>&1
        Lines $records ([System.Management.Automation.VerboseRecord]) | Where-Object { $_ -match '^HTTP POST .*/oauth2/v2\.0/token -> 200' } | Should -Not -BeNullOrEmpty
    }

    It 'traces them with $VerbosePreference = ''Continue'' and no -Verbose' {
        $records = & { $VerbosePreference = 'Continue'; Connect-ALOpsS2S @AsApp 4>&1 }
        Lines $records ([System.Management.Automation.VerboseRecord]) | Where-Object { $_ -match '^HTTP POST .*/oauth2/v2\.0/token -> 200' } | Should -Not -BeNullOrEmpty
    }

    It 'writes none with -Verbose:$false, whatever the variable says' {
        $records = & { $VerbosePreference = 'Continue'; Connect-ALOpsS2S @AsApp -Verbose:$false 4>&1 }
        Lines $records ([System.Management.Automation.VerboseRecord]) | Should -BeNullOrEmpty
    }

    It 'writes MSAL''s lines with -Debug, through the redactor, and never the secret' {
        $records = Connect-ALOpsS2S @AsApp -Debug *>&1
        $debug = Lines $records ([System.Management.Automation.DebugRecord])
        $debug | Where-Object { $_ -like 'MSAL: *' } | Should -Not -BeNullOrEmpty
        ($debug -join "`n") | Should -Not -Match ([regex]::Escape($script:Secret))
    }

    It 'writes MSAL''s lines with $DebugPreference = ''Continue'' and no -Debug' {
        $records = & { $DebugPreference = 'Continue'; Connect-ALOpsS2S @AsApp 5>&1 }
        Lines $records ([System.Management.Automation.DebugRecord]) | Where-Object { $_ -like 'MSAL: *' } | Should -Not -BeNullOrEmpty
    }
}
