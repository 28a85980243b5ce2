#Requires -Modules Pester
<#
    Least privilege and -WhatIf: every state-changing path makes zero write requests under -WhatIf (the paths not
    already covered by AppRegistration/Register tests); the module asks only for the scopes it needs (read from the
    emulator's request log, which records each token request's scope); an operator without the needed directory role
    gets an error naming the role before any write.
#>

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId
    function script:New-Name { "LeastPrivilege $([guid]::NewGuid().ToString('N').Substring(0, 8))" }
    function script:Clear-Log { Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null }

    Connect-S2STestPerson -Emulator $script:Emulator | Out-Null
    $script:Existing = New-ALOpsS2SApp -DisplayName (New-Name) | Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All
    $null = $script:Existing | Register-ALOpsBcClient -Environment Production -WarningAction SilentlyContinue
    # Registered by the person with one set only, so Register would assign the other through the automation API.
    Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:TenantId -Environment Production -ClientId $script:Existing.ClientId `
        -Description $script:Existing.DisplayName -PermissionSet 'D365 AUTOMATION' | Out-Null
    $script:Ungranted = New-ALOpsS2SApp -DisplayName (New-Name)
    $script:Partial = New-ALOpsS2SApp -DisplayName (New-Name) | Grant-ALOpsS2SPermission -Permission API.ReadWrite.All
    $script:Password = ConvertTo-SecureString (New-TestSecret) -AsPlainText -Force
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe '-WhatIf makes zero write requests' {
    It '<Case>' -ForEach @(
        @{ Case = 'New with a generated certificate exported to PFX'; Script = { New-ALOpsS2SApp -DisplayName (New-Name) -CredentialType Certificate -PfxPath (Join-Path $TestDrive 'whatif.pfx') -CertificatePassword $script:Password -WhatIf } }
        @{ Case = 'New with a supplied certificate'; Script = { New-ALOpsS2SApp -DisplayName (New-Name) -Certificate (New-TestCertificate -WithoutPrivateKey) -WhatIf } }
        @{ Case = 'New with a federated credential'; Script = { New-ALOpsS2SApp -DisplayName (New-Name) -FederatedIssuer $script:Emulator.testIssuer -FederatedSubject 'repo:contoso/ci:ref:refs/heads/main' -WhatIf } }
        @{ Case = 'New -NewSecret on an existing app'; Script = { New-ALOpsS2SApp -ClientId $script:Existing.ClientId -NewSecret -WhatIf } }
        @{ Case = 'New adding a certificate to an existing app'; Script = { New-ALOpsS2SApp -ClientId $script:Existing.ClientId -Certificate (New-TestCertificate -WithoutPrivateKey) -WhatIf } }
        @{ Case = 'New adding a federated credential to an existing app'; Script = { New-ALOpsS2SApp -ClientId $script:Existing.ClientId -FederatedIssuer $script:Emulator.testIssuer -FederatedSubject 'repo:contoso/other:environment:prod' -WhatIf } }
        @{ Case = 'Grant of every permission to an app that has none'; Script = { Grant-ALOpsS2SPermission -ClientId $script:Ungranted.ClientId -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All -WhatIf } }
        @{ Case = 'Grant of a further permission to a granted app'; Script = { Grant-ALOpsS2SPermission -ClientId $script:Partial.ClientId -Permission API.ReadWrite.All, AdminCenter.ReadWrite.All -WhatIf } }
        @{ Case = 'Register assigning a missing permission set'; Script = { Register-ALOpsBcClient -ClientId $script:Existing.ClientId -Description $script:Existing.DisplayName -Environment Production -WhatIf } }
        @{ Case = 'Register of every environment'; Script = { Register-ALOpsBcClient -ClientId $script:Existing.ClientId -AllEnvironments -WhatIf } }
    ) {
        Clear-Log
        $null = & $Script -WarningAction SilentlyContinue -ErrorAction SilentlyContinue 6>$null
        Get-S2STestWrites -Emulator $script:Emulator | Should -BeNullOrEmpty
        Join-Path $TestDrive 'whatif.pfx' | Should -Not -Exist
    }
}

Describe 'Scopes and roles asked for' {
    It 'asks Entra only for the Graph and Business Central resources (.default), never anything broader' {
        Clear-Log
        Connect-S2STestPerson -Emulator $script:Emulator | Out-Null
        $app = New-ALOpsS2SApp -DisplayName (New-Name) | Grant-ALOpsS2SPermission
        $null = $app | Register-ALOpsBcClient -Environment Production -WarningAction SilentlyContinue
        $tokenRequests = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost login | Where-Object { $_.path -match '/(token|devicecode)$' })
        $tokenRequests | Should -Not -BeNullOrEmpty
        $allowed = 'https://graph.microsoft.com/.default', 'https://api.businesscentral.dynamics.com/.default', 'offline_access', 'openid', 'profile'
        $scopes = @($tokenRequests | Where-Object { $_.PSObject.Properties['scope'] } | ForEach-Object { $_.scope -split ' ' } | Where-Object { $_ } | Sort-Object -Unique)
        $scopes | Should -Not -BeNullOrEmpty
        $scopes | Where-Object { $_ -notin $allowed } | Should -BeNullOrEmpty
    }

    It 'grants the new app only the Business Central roles named (defaults: API.ReadWrite.All, Automation.ReadWrite.All)' {
        $grant = New-ALOpsS2SApp -DisplayName (New-Name) | Grant-ALOpsS2SPermission
        $grant.Permission | Sort-Object | Should -Be @('API.ReadWrite.All', 'Automation.ReadWrite.All')
    }

    It 'lets the doctor ask only for a Business Central token with the app credential' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        Clear-Log
        $null = Test-ALOpsS2S -TenantId $script:TenantId -ClientId $app.ClientId -ClientSecret $app.ClientSecret -ErrorAction SilentlyContinue 6>$null
        $appTokens = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost login | Where-Object { $_.path -like '*/token' -and $_.clientId -eq $app.ClientId })
        $appTokens | Should -Not -BeNullOrEmpty
        @($appTokens.scope | Sort-Object -Unique) | Should -Be @('https://api.businesscentral.dynamics.com/.default')
    }
}

Describe 'An operator without the directory role' {
    It 'New-ALOpsS2SApp as a plain user names the role needed, before any write' {
        Connect-S2STestPerson -Emulator $script:Emulator -User 'user@contoso.onmicrosoft.com' | Out-Null
        try {
            Clear-Log
            $failure = $null
            try { New-ALOpsS2SApp -DisplayName (New-Name) -ErrorAction Stop } catch { $failure = $_ }
            $failure | Should -Not -BeNullOrEmpty
            $failure.FullyQualifiedErrorId | Should -Match '^S2S\.'
            "$($failure.Exception.Message) $($failure.ErrorDetails.RecommendedAction)" | Should -Match 'Application Developer|Application Administrator|Cloud Application Administrator'
            Get-S2STestWrites -Emulator $script:Emulator -ServiceHost graph | Where-Object status -LT 400 | Should -BeNullOrEmpty
        }
        finally { Connect-S2STestPerson -Emulator $script:Emulator | Out-Null }
    }
}
