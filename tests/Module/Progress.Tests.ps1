#Requires -Modules Pester
# What a person sees while a cmdlet works: progress with an activity in plain words, and -Verbose narrating steps.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId
    Connect-S2STestPerson -Emulator $script:Emulator | Out-Null
    $script:App = New-ALOpsS2SApp -DisplayName "ALOps CI $([guid]::NewGuid().ToString('N').Substring(0, 8))" |
        Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All

    function script:Get-Progress([scriptblock] $Script) {
        # Progress cannot be redirected; a pipeline of its own (a fresh runspace, same process) collects it.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$($env:ALOPS_S2S_MODULE_PATH)'; " + $Script.ToString()).AddArgument($script:App).AddArgument($script:TenantId)
            $null = $ps.Invoke()
            @($ps.Streams.Progress)
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Test-ALOpsS2S progress' {
    It 'tells which app it is checking, and completes' {
        $progress = Get-Progress {
            & { param($App, $TenantId) Test-ALOpsS2S -TenantId $TenantId -ClientId $App.ClientId -ClientSecret $App.ClientSecret -Environment Sandbox -ErrorAction SilentlyContinue 6>$null } @args
        }
        $mine = @($progress | Where-Object Activity -eq 'Checking the S2S app as itself')
        $mine.Count | Should -BeGreaterOrEqual 2
        $mine[0].StatusDescription | Should -Match ([regex]::Escape($script:App.ClientId))
        $mine[0].StatusDescription | Should -Match 'Sandbox'
        $mine[-1].RecordType | Should -Be 'Completed'
    }
}

Describe '-Verbose narration' {
    It 'narrates the steps of <Name> in plain words' -ForEach @(
        @{ Name = 'New-ALOpsS2SApp'; Script = { New-ALOpsS2SApp -ClientId $script:App.ClientId -Verbose -WarningAction SilentlyContinue 4>&1 } }
        @{ Name = 'Test-ALOpsS2S'; Script = { Test-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.ClientId -ClientSecret $script:App.ClientSecret -Verbose -ErrorAction SilentlyContinue 4>&1 6>$null } }
    ) {
        $verbose = @(& $Script | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose.Count | Should -BeGreaterThan 2
        ($verbose -join "`n") | Should -Match '(Found|Creating|Signed in|Check) '
        $secret = [System.Net.NetworkCredential]::new('', $script:App.ClientSecret).Password
        ($verbose -join "`n") | Should -Not -Match ([regex]::Escape($secret))
    }
}
