#Requires -Modules Pester
# Offboarding one customer of a partner's multi-tenant app (issue #15, item 6): Unregister-ALOpsBcClient removes
# the admin-center authorization and tells, per environment, which row to remove on page 9860 (-Wait until BC
# refuses the app); Remove-ALOpsS2SApp deletes only the app's service principal in a customer tenant, or the app
# registration in its home tenant. Both ask (ConfirmImpact High), write nothing under -WhatIf or on bad input,
# converge on a re-run, and leave the other customers working.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:PartnerId = $world.Emulator, $world.TenantId
    $script:Environments = 'Env01', 'Env02'
    $script:PermissionSets = 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN'
    $script:BcResource = 'https://api.businesscentral.dynamics.com'

    $script:Customers = @(foreach ($n in 1..3) {
            (New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain ('offcustomer{0:00}.onmicrosoft.com' -f $n) -Environment $script:Environments -DelegatedAdmin 'admin@contoso.onmicrosoft.com').id
        })

    # The partner's multi-tenant app, consented, authorized and registered in every environment of every customer.
    $script:SecretText = New-TestSecret
    $script:Secret = ConvertTo-SecureString $script:SecretText -AsPlainText -Force
    $script:AppName = "Partner Offboard $([guid]::NewGuid().ToString('N').Substring(0, 6))"
    $app = New-S2SEmulatorApp -Emulator $script:Emulator -DisplayName $script:AppName -SecretText $script:SecretText -SignInAudience AzureADMultipleOrgs
    $script:ClientId = $app.appId
    foreach ($tenant in $script:Customers) {
        Add-S2SEmulatorServicePrincipal -Emulator $script:Emulator -Tenant $tenant -AppId $script:ClientId -AppRole API.ReadWrite.All, Automation.ReadWrite.All | Out-Null
        Add-S2SEmulatorAuthorizedApp -Emulator $script:Emulator -Tenant $tenant -ClientId $script:ClientId
        foreach ($environment in $script:Environments) {
            Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $tenant -Environment $environment -ClientId $script:ClientId -Description $script:AppName -PermissionSet $script:PermissionSets | Out-Null
        }
    }

    function script:Clear-Log { Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null }
    function script:Get-Writes { Get-S2STestWrites -Emulator $script:Emulator }
    function script:Test-Authorized([string] $Tenant) {
        $seed = (Get-S2SEmulatorSeed -Emulator $script:Emulator).tenants.Where({ $_.id -eq $Tenant })[0]
        [bool](@($seed.authorizedAadApps).Where({ $_.appId -eq $script:ClientId }).Count)
    }
    function script:Test-Token([string] $Tenant, [string] $ClientId = $script:ClientId, [string] $Secret = $script:SecretText) {
        try { [bool](Get-TestAppToken -Emulator $script:Emulator -Tenant $Tenant -ClientId $ClientId -Secret $Secret -Resource $script:BcResource) }
        catch { $false }
    }
    function script:Test-Works([string] $Tenant, [string] $Environment) {
        # The app's own call to the environment, as a pipeline would make it.
        [bool](Test-ALOpsS2S -TenantId $Tenant -ClientId $script:ClientId -ClientSecret $script:Secret -Environment $Environment -Quiet -WarningAction SilentlyContinue -ErrorAction SilentlyContinue 6>$null)
    }

    Connect-S2STestPerson -Emulator $script:Emulator | Out-Null
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Unregister-ALOpsBcClient' {
    It 'is ConfirmImpact High' {
        $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command Unregister-ALOpsBcClient))
        $metadata.ConfirmImpact | Should -Be 'High'
        $metadata.SupportsShouldProcess | Should -BeTrue
    }

    It '-WhatIf writes nothing' {
        Clear-Log
        $result = @(Unregister-ALOpsBcClient -TenantId $script:Customers[0] -ClientId $script:ClientId -AllEnvironments -WhatIf -WarningAction SilentlyContinue)
        Get-Writes | Should -BeNullOrEmpty
        Test-Authorized $script:Customers[0] | Should -BeTrue
        $result.Count | Should -Be 2
        $result.AdminCenterAuthorized | Should -Be @($true, $true)
    }

    It 'refuses <Case> with <ErrorId> and writes nothing' -ForEach @(
        @{ Case = 'an unknown environment'; ErrorId = 'S2S.EnvironmentNotFound'; Target = 'Nowhere'; Script = { Unregister-ALOpsBcClient -TenantId $script:Customers[0] -ClientId $script:ClientId -Environment Env01, Nowhere -Confirm:$false } }
        @{ Case = 'a malformed client id'; ErrorId = 'S2S.InvalidClientId'; Target = 'not-a-guid'; Script = { Unregister-ALOpsBcClient -TenantId $script:Customers[0] -ClientId 'not-a-guid' -AllEnvironments -Confirm:$false } }
        @{ Case = 'a zero wait timeout'; ErrorId = 'S2S.InvalidWaitTimeout'; Target = '00:00:00'; Script = { Unregister-ALOpsBcClient -TenantId $script:Customers[0] -ClientId $script:ClientId -AllEnvironments -Wait -Timeout 0 -Confirm:$false } }
    ) {
        Clear-Log
        $thrown = { & $Script } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $thrown.TargetObject | Should -Be $Target
        $thrown.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty
        Test-Authorized $script:Customers[0] | Should -BeTrue
    }

    It 'removes the admin-center authorization of one customer and says per environment what to remove on page 9860' {
        Clear-Log
        $warnings = $null
        $result = @(Unregister-ALOpsBcClient -TenantId $script:Customers[0] -ClientId $script:ClientId -AllEnvironments -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue)
        $writes = @(Get-Writes)
        $writes.Count | Should -Be 1
        $writes[0].method | Should -Be 'DELETE'
        $writes[0].path | Should -BeLike "*/authorizedAadApps/$($script:ClientId)"
        Test-Authorized $script:Customers[0] | Should -BeFalse
        Test-Authorized $script:Customers[1] | Should -BeTrue
        $result.Environment | Should -Be $script:Environments
        foreach ($row in $result) {
            $row | Should -BeOfType ([ALOps.S2S.Models.S2SBcUnregistration])
            $row.TenantId | Should -Be $script:Customers[0]
            $row.AdminCenterAuthorized | Should -BeFalse
            $row.Registered | Should -BeTrue
            $row.Url | Should -Match "page=9860"
            $row.ActionRequired | Should -Match ([regex]::Escape("'$($row.Environment)'"))
            $row.ActionRequired | Should -Match ([regex]::Escape("Client ID = $($script:ClientId)"))
            $row.ActionRequired | Should -Match ([regex]::Escape($row.Url))
        }
        $result[0].Changes | Should -Match 'Remove client id'
        $warnings.Count | Should -Be 2
    }

    It '-Wait continues as soon as a person removed the rows and BC refuses the app' {
        $job = Start-ThreadJob -ArgumentList $script:Emulator, $script:Customers[0], $script:ClientId, $script:Environments, (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -ScriptBlock {
            param($Emulator, $TenantId, $ClientId, $Environments, $Helpers)
            Import-Module $Helpers
            Start-Sleep -Seconds 3 # the admin reads the instructions and removes the rows
            foreach ($environment in $Environments) { Remove-S2SEmulatorEntraApp -Emulator $Emulator -Tenant $TenantId -Environment $environment -ClientId $ClientId }
        }
        try {
            Clear-Log
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $result = @(Unregister-ALOpsBcClient -TenantId $script:Customers[0] -ClientId $script:ClientId -ClientSecret $script:Secret -AllEnvironments -Wait -Timeout 60 -PollInterval 1 -Confirm:$false -WarningAction SilentlyContinue)
            $watch.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 2.5
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
            $result.Registered | Should -Be @($false, $false)
            $result.ActionRequired | Should -Be @($null, $null)
            $result.AdminCenterAuthorized | Should -Be @($false, $false)
            Get-Writes | Should -BeNullOrEmpty -Because 'the authorization was removed already: a re-run converges'
        }
        finally { $job | Wait-Job -Timeout 30 | Remove-Job -Force }
        Test-Works $script:Customers[0] Env01 | Should -BeFalse
    }

    It 'converges on a re-run: nothing to do, nothing written' {
        Clear-Log
        $warnings = $null
        $result = @(Unregister-ALOpsBcClient -TenantId $script:Customers[0] -ClientId $script:ClientId -AllEnvironments -Confirm:$false -WarningVariable warnings)
        Get-Writes | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        $result.Registered | Should -Be @($false, $false)
        $result.Changes | Should -BeNullOrEmpty
    }

    It 'leaves the other customers working' {
        foreach ($tenant in $script:Customers[1]) {
            foreach ($environment in $script:Environments) { Test-Works $tenant $environment | Should -BeTrue -Because "$environment of $tenant was not offboarded" }
            Test-Authorized $tenant | Should -BeTrue
        }
    }

    It 'times out cleanly when nobody removes the rows' {
        $errors = $null
        $result = @(Unregister-ALOpsBcClient -TenantId $script:Customers[2] -ClientId $script:ClientId -Environment Env01 -Wait -Timeout 2 -PollInterval 1 -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $result.Registered | Should -Be $true
        $result.ActionRequired | Should -Match 'page 9860'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'S2S.UnregistrationWaitTimedOut,ALOps.S2S.Commands.UnregisterBcClientCommand'
        $errors[0].TargetObject | Should -Be 'Env01'
    }

    It 'stops at once on Ctrl+C' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Module, $Connection, $Tenant, $ClientId)
                    Import-Module $Module
                    Unregister-ALOpsBcClient -TenantId $Tenant -ClientId $ClientId -AllEnvironments -Wait -Timeout 300 -Connection $Connection -Confirm:$false -WarningAction SilentlyContinue
                }).AddParameters(@{ Module = $env:ALOPS_S2S_MODULE_PATH; Connection = (Get-ALOpsS2SConnection); Tenant = $script:Customers[2]; ClientId = $script:ClientId })
            $null = $ps.BeginInvoke()
            Start-Sleep -Seconds 4 # well into the wait for the person
            Stop-S2SPowerShell -PowerShell $ps | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
    }

    It 'as an app-only operator, removes the authorization without listing it (the admin center lists only to people)' {
        $operatorSecret = New-TestSecret
        $operator = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:PartnerId -DisplayName 'Offboarding pipeline' -SecretText $operatorSecret `
            -GraphRole 'Application.ReadWrite.All' -BcRole 'Automation.ReadWrite.All', 'AdminCenter.ReadWrite.All'
        Add-S2SEmulatorAuthorizedApp -Emulator $script:Emulator -Tenant $script:PartnerId -ClientId $operator.appId
        $target = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:PartnerId -DisplayName "Offboarded $([guid]::NewGuid().ToString('N').Substring(0, 6))"
        Add-S2SEmulatorAuthorizedApp -Emulator $script:Emulator -Tenant $script:PartnerId -ClientId $target.appId
        $connection = Connect-ALOpsS2S -TenantId $script:PartnerId -ClientId $operator.appId -ClientSecret (ConvertTo-SecureString $operatorSecret -AsPlainText -Force)
        try {
            Clear-Log
            $result = @(Unregister-ALOpsBcClient -ClientId $target.appId -Environment Sandbox -Connection $connection -Confirm:$false -WarningAction SilentlyContinue)
            $log = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator)
            @($log | Where-Object { $_.method -eq 'GET' -and $_.path -like '*/authorizedAadApps' }) | Should -BeNullOrEmpty
            @(Get-Writes).Count | Should -Be 1
            $result.AdminCenterAuthorized | Should -BeFalse
            $seed = (Get-S2SEmulatorSeed -Emulator $script:Emulator).tenants.Where({ $_.id -eq $script:PartnerId })[0]
            @($seed.authorizedAadApps).Where({ $_.appId -eq $target.appId }).Count | Should -Be 0
            @($seed.authorizedAadApps).Where({ $_.appId -eq $operator.appId }).Count | Should -Be 1
        }
        finally { Connect-S2STestPerson -Emulator $script:Emulator | Out-Null }
    }

    It 'renders as a table and a list' {
        $row = @(Unregister-ALOpsBcClient -TenantId $script:Customers[0] -ClientId $script:ClientId -Environment Env01 -Confirm:$false)[0]
        ($row | Format-Table | Out-String -Width 300) | Should -Match 'Page9860'
        ($row | Format-List | Out-String -Width 300) | Should -Match 'AdminCenterAuthorized'
    }
}

Describe 'Remove-ALOpsS2SApp' {
    It 'is ConfirmImpact High' {
        $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command Remove-ALOpsS2SApp))
        $metadata.ConfirmImpact | Should -Be 'High'
    }

    It '-WhatIf deletes nothing' {
        Clear-Log
        Remove-ALOpsS2SApp -TenantId $script:Customers[0] -ClientId $script:ClientId -WhatIf | Out-Null
        Get-Writes | Should -BeNullOrEmpty
        Test-Token $script:Customers[0] | Should -BeTrue
    }

    It 'refuses <Case> with <ErrorId> and deletes nothing' -ForEach @(
        @{ Case = 'a malformed client id'; ErrorId = 'S2S.InvalidClientId'; ClientId = 'not-a-guid' }
        @{ Case = 'a Microsoft app'; ErrorId = 'S2S.FirstPartyAppNotRemovable'; ClientId = '996def3d-b36c-4153-8607-a6fd3c01b89f' }
        @{ Case = "the operator's own app"; ErrorId = 'S2S.OperatorAppNotRemovable'; ClientId = 'operator' }
    ) {
        if ($ClientId -eq 'operator') { $ClientId = (Get-ALOpsS2SConnection).OperatorClientId }
        Clear-Log
        $thrown = { Remove-ALOpsS2SApp -ClientId $ClientId -Confirm:$false } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $thrown.TargetObject | Should -Be $ClientId
        $thrown.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'deletes only the service principal in a customer tenant; the other customers keep working' {
        Clear-Log
        $result = Remove-ALOpsS2SApp -TenantId $script:Customers[0] -ClientId $script:ClientId -Confirm:$false
        $writes = @(Get-Writes)
        $writes.Count | Should -Be 1
        $writes[0].method | Should -Be 'DELETE'
        $writes[0].path | Should -BeLike '*/servicePrincipals/*'
        $result | Should -BeOfType ([ALOps.S2S.Models.S2SAppRemoval])
        $result.Removed | Should -Be 'ServicePrincipal'
        $result.AlreadyGone | Should -BeFalse
        $result.TenantId | Should -Be $script:Customers[0]
        $result.HomeTenantId | Should -Be $script:PartnerId
        $result.DisplayName | Should -Be $script:AppName
        Test-Token $script:Customers[0] | Should -BeFalse
        Test-Token $script:PartnerId | Should -BeTrue
        Test-Works $script:Customers[1] Env01 | Should -BeTrue
    }

    It 'converges on a re-run: already gone, nothing written' {
        Clear-Log
        $result = Remove-ALOpsS2SApp -TenantId $script:Customers[0] -ClientId $script:ClientId -Confirm:$false
        Get-Writes | Should -BeNullOrEmpty
        $result.AlreadyGone | Should -BeTrue
        $result.Removed | Should -Be 'None'
    }

    It 'deletes the app registration in its home tenant' {
        $text = New-TestSecret
        $own = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:PartnerId -DisplayName "Home Offboard $([guid]::NewGuid().ToString('N').Substring(0, 6))" -SecretText $text
        Test-Token $script:PartnerId $own.appId $text | Should -BeTrue
        Clear-Log
        $result = Remove-ALOpsS2SApp -ClientId $own.appId -Confirm:$false
        $writes = @(Get-Writes)
        $writes.Count | Should -Be 1
        $writes[0].path | Should -BeLike '*/applications/*'
        $result.Removed | Should -Be 'Application'
        $result.HomeTenantId | Should -Be $script:PartnerId
        Test-Token $script:PartnerId $own.appId $text | Should -BeFalse
        (Remove-ALOpsS2SApp -ClientId $own.appId -Confirm:$false).AlreadyGone | Should -BeTrue
    }

    It 'takes rows from the pipeline, one error per bad row, the others done' {
        Clear-Log
        $rows = @(
            [pscustomobject]@{ TenantId = $script:Customers[1]; ClientId = $script:ClientId }
            [pscustomobject]@{ TenantId = $script:Customers[1]; ClientId = '996def3d-b36c-4153-8607-a6fd3c01b89f' }
        )
        $errors = $null
        $result = @($rows | Remove-ALOpsS2SApp -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue)
        $result.Count | Should -Be 1
        $result[0].Removed | Should -Be 'ServicePrincipal'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'S2S.FirstPartyAppNotRemovable,*'
        Test-Token $script:Customers[1] | Should -BeFalse
        Test-Token $script:Customers[2] | Should -BeTrue
    }

    It 'Unregister after the consent is gone: its user is not known, so -Wait is refused and rows are "unknown", not "removed"' {
        # Customer 2's service principal went in the pipeline test; its page 9860 rows are still there.
        Clear-Log
        $thrown = { Unregister-ALOpsBcClient -TenantId $script:Customers[1] -ClientId $script:ClientId -AllEnvironments -Wait -Timeout 5 -Confirm:$false } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike 'S2S.AppUserUnknown,*'
        $thrown.ErrorDetails.RecommendedAction | Should -Match '-Description'
        Get-Writes | Should -BeNullOrEmpty
        Test-Authorized $script:Customers[1] | Should -BeTrue

        $result = @(Unregister-ALOpsBcClient -TenantId $script:Customers[1] -ClientId $script:ClientId -AllEnvironments -Confirm:$false -WarningAction SilentlyContinue)
        $result.Registered | Should -Be @($null, $null)
        $result.ActionRequired | Should -Match ([regex]::Escape("Client ID = $($script:ClientId)"))
        Test-Authorized $script:Customers[1] | Should -BeFalse
        $named = @(Unregister-ALOpsBcClient -TenantId $script:Customers[1] -ClientId $script:ClientId -AllEnvironments -Description $script:AppName -Confirm:$false -WarningAction SilentlyContinue)
        $named.Registered | Should -Be @($true, $true)
        # The app's credential no longer signs in there: its users still tell what is left on page 9860.
        $signedOut = @(Unregister-ALOpsBcClient -TenantId $script:Customers[1] -ClientId $script:ClientId -ClientSecret $script:Secret -AllEnvironments -Description $script:AppName -Confirm:$false -WarningAction SilentlyContinue)
        $signedOut.Registered | Should -Be @($true, $true)
        $signedOut.ActionRequired | Should -Match ([regex]::Escape("Client ID = $($script:ClientId)"))
    }

    It 'renders as a table and a list' {
        $row = Remove-ALOpsS2SApp -TenantId $script:Customers[0] -ClientId $script:ClientId -Confirm:$false
        ($row | Format-Table | Out-String -Width 300) | Should -Match 'AlreadyGone'
        ($row | Format-List | Out-String -Width 300) | Should -Match 'HomeTenantId'
    }
}
