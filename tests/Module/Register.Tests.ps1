#Requires -Modules Pester
# Register-ALOpsBcClient against the emulated Business Central admin center and environments: the full chain of
# design §1A, the person's step on page 9860, -Wait, re-runs, an app-only operator, and bad input.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId

    function script:Connect-Person([string] $User = 'admin@contoso.onmicrosoft.com') { Connect-S2STestPerson -Emulator $script:Emulator -User $User }
    function script:Clear-Log { Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null }
    function script:Get-Writes { Get-S2STestWrites -Emulator $script:Emulator }
    function script:New-Name { "ALOps CI $([guid]::NewGuid().ToString('N').Substring(0, 8))" }
    function script:New-GrantedApp {
        New-ALOpsS2SApp -DisplayName (New-Name) | Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All
    }
    function script:Invoke-AsApp([string] $ClientId, [securestring] $Secret, [string] $Path) {
        $plain = [System.Net.NetworkCredential]::new('', $Secret).Password
        $token = Get-TestAppToken -Emulator $script:Emulator -Tenant $script:TenantId -ClientId $ClientId -Secret $plain -Resource 'https://api.businesscentral.dynamics.com'
        Invoke-RestMethod -Uri "$($script:Emulator.businessCentralEndpoint)/v2.0/$($script:TenantId)/$Path" -Headers @{ Authorization = "Bearer $token" }
    }

    Connect-Person | Out-Null
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'The full chain of design 1A' {
    BeforeAll {
        $script:App = New-GrantedApp
        $script:First = @($script:App | Register-ALOpsBcClient -Environment Production, Sandbox -WarningVariable script:Instructions -WarningAction SilentlyContinue)
    }

    It 'authorizes the app in the admin center and reports one result per environment' {
        $script:First.Environment | Should -Be @('Production', 'Sandbox')
        $script:First.AdminCenterAuthorized | Should -Be @($true, $true)
        $script:First.ClientId | Should -Be @($script:App.ClientId, $script:App.ClientId)
    }

    It 'says exactly what a person must enter on page 9860 of each environment' {
        foreach ($result in $script:First) {
            $result.Registered | Should -BeFalse
            $result.Url | Should -Match "page=9860"
            $result.Url | Should -Match $result.Environment
            $result.ActionRequired | Should -Match ([regex]::Escape($script:App.ClientId))
            $result.ActionRequired | Should -Match "Description = '$([regex]::Escape($script:App.DisplayName))'"
            $result.ActionRequired | Should -Match 'State = Enabled'
            $result.ActionRequired | Should -Match 'D365 AUTOMATION'
            $result.ActionRequired | Should -Match 'EXTEN\. MGT\. - ADMIN'
        }
        $script:Instructions.Count | Should -Be 2
    }

    It 'assigns the missing permission set through the automation API once the app is registered' {
        foreach ($environment in 'Production', 'Sandbox') {
            Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:TenantId -Environment $environment -ClientId $script:App.ClientId `
                -Description $script:App.DisplayName -PermissionSet 'D365 AUTOMATION' | Out-Null
        }
        $second = @($script:App | Register-ALOpsBcClient -Environment Production, Sandbox)
        foreach ($result in $second) {
            $result.Registered | Should -BeTrue
            $result.ActionRequired | Should -BeNullOrEmpty
            $result.PermissionSets | Sort-Object | Should -Be @('D365 AUTOMATION', 'EXTEN. MGT. - ADMIN')
        }
    }

    It 'leaves the app able to call the standard and automation APIs with its own credential' {
        foreach ($environment in 'Production', 'Sandbox') {
            (Invoke-AsApp $script:App.ClientId $script:App.ClientSecret "$environment/api/v2.0/companies").value.Count | Should -BeGreaterThan 0
            $companies = Invoke-AsApp $script:App.ClientId $script:App.ClientSecret "$environment/api/microsoft/automation/v2.0/companies"
            $companies.value.Count | Should -BeGreaterThan 0
            (Invoke-AsApp $script:App.ClientId $script:App.ClientSecret "$environment/api/microsoft/automation/v2.0/companies($($companies.value[0].id))/extensions").value | Should -Not -BeNullOrEmpty
        }
    }

    It 'makes no write when run again' {
        Clear-Log
        $again = @($script:App | Register-ALOpsBcClient -Environment Production, Sandbox)
        $again.Registered | Should -Be @($true, $true)
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'makes no write with -WhatIf' {
        $app = New-GrantedApp
        Clear-Log
        $app | Register-ALOpsBcClient -Environment Production -WhatIf -WarningAction SilentlyContinue | Out-Null
        Get-Writes | Should -BeNullOrEmpty
    }
}

Describe 'Register-ALOpsBcClient by client id alone' {
    It 'expects the app''s own name as the description, read from the tenant' {
        $app = New-GrantedApp
        Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:TenantId -Environment Sandbox -ClientId $app.ClientId `
            -Description $app.DisplayName -PermissionSet 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN' | Out-Null
        $result = Register-ALOpsBcClient -ClientId $app.ClientId -Environment Sandbox -WarningAction SilentlyContinue
        $result.Registered | Should -BeTrue
        $result.PermissionSets | Sort-Object | Should -Be @('D365 AUTOMATION', 'EXTEN. MGT. - ADMIN')
    }
}

Describe 'Register-ALOpsBcClient -Wait' {
    It 'completes when the person registers the app in the middle of the wait' {
        $app = New-GrantedApp
        $job = Start-ThreadJob -ArgumentList $script:Emulator, $script:TenantId, $app.ClientId, $app.DisplayName, (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -ScriptBlock {
            param($Emulator, $TenantId, $ClientId, $Description, $Helpers)
            Import-Module $Helpers
            Start-Sleep -Seconds 3 # the person reads the instruction and types it in
            Register-S2SEmulatorEntraApp -Emulator $Emulator -Tenant $TenantId -Environment Sandbox -ClientId $ClientId -Description $Description -PermissionSet 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN'
        }
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $result = $app | Register-ALOpsBcClient -Environment Sandbox -Wait -Timeout ([TimeSpan]::FromSeconds(60)) -PollInterval ([TimeSpan]::FromSeconds(1)) -WarningAction SilentlyContinue
            $watch.Stop()
            $result.Registered | Should -BeTrue
            $result.ActionRequired | Should -BeNullOrEmpty
            $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 2.5
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
        }
        finally { $job | Wait-Job -Timeout 30 | Remove-Job -Force }
    }

    It 'stops at once on Ctrl+C' {
        $app = New-GrantedApp
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($Module, $Connection, $App)
                Import-Module $Module
                $App | Register-ALOpsBcClient -Environment Sandbox -Wait -Timeout ([TimeSpan]::FromMinutes(5)) -Connection $Connection -WarningAction SilentlyContinue
            }).AddParameters(@{ Module = $env:ALOPS_S2S_MODULE_PATH; Connection = (Get-ALOpsS2SConnection); App = $app })
            $null = $ps.BeginInvoke()
            Start-Sleep -Seconds 4 # well into the wait for the person
            Stop-S2SPowerShell -PowerShell $ps | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
    }

    It 'times out cleanly when nobody registers the app' {
        $app = New-GrantedApp
        $errors = $null
        $result = $app | Register-ALOpsBcClient -Environment Sandbox -Wait -Timeout ([TimeSpan]::FromSeconds(3)) -PollInterval ([TimeSpan]::FromSeconds(1)) -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $result.Registered | Should -BeFalse
        $result.ActionRequired | Should -Match 'page 9860'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'S2S.RegistrationWaitTimedOut,ALOps.S2S.Commands.RegisterBcClientCommand'
        $errors[0].TargetObject | Should -Be 'Sandbox'
    }
}

Describe 'Register-ALOpsBcClient -AllEnvironments' {
    It 'takes every Active environment and skips the others with a warning' {
        $app = New-GrantedApp
        $warnings = $null
        $results = @($app | Register-ALOpsBcClient -AllEnvironments -WarningVariable warnings -WarningAction SilentlyContinue)
        $results.Environment | Sort-Object | Should -Be @('Production', 'Sandbox')
        ($warnings -join "`n") | Should -Match "'Preview' is Upgrading"
    }
}

Describe 'Register-ALOpsBcClient as an app-only operator' {
    It 'warns that a person must authorize the app in the admin center' {
        $operatorSecret = New-TestSecret
        $operator = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Pipeline operator' -SecretText $operatorSecret `
            -GraphRole 'Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All' -BcRole 'Automation.ReadWrite.All', 'AdminCenter.ReadWrite.All'
        $app = New-GrantedApp
        $connection = Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $operator.appId -ClientSecret (ConvertTo-SecureString $operatorSecret -AsPlainText -Force)
        try {
            $warnings = $null
            $failure = $null
            try { $result = Register-ALOpsBcClient -ClientId $app.ClientId -Environment Sandbox -Connection $connection -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop }
            catch { $failure = $_ }
            ($warnings -join "`n") | Should -Match 'Authorized Microsoft Entra apps'
            if (-not $failure) { $result.AdminCenterAuthorized | Should -BeNullOrEmpty }
            else { $failure.FullyQualifiedErrorId | Should -BeLike 'S2S.BcAdminRoleRequired,*' }
        }
        finally { Connect-Person | Out-Null }
    }
}

Describe 'Register-ALOpsBcClient bad input changes nothing' {
    BeforeAll { $script:Target = New-GrantedApp }
    BeforeEach { Clear-Log }

    It '<Case> fails with <ErrorId>' -ForEach @(
        @{ Case = 'environment name starting with a digit'; ErrorId = 'S2S.InvalidEnvironmentName'; Arguments = { @{ Environment = '1Production' } } }
        @{ Case = 'environment name with a space'; ErrorId = 'S2S.InvalidEnvironmentName'; Arguments = { @{ Environment = 'My Sandbox' } } }
        @{ Case = 'environment name of 30 characters'; ErrorId = 'S2S.InvalidEnvironmentName'; Arguments = { @{ Environment = 'S' * 30 } } }
        @{ Case = 'description over 50 characters'; ErrorId = 'S2S.InvalidDescription'; Arguments = { @{ Environment = 'Sandbox'; Description = 'd' * 51 } } }
        @{ Case = 'unknown permission set'; ErrorId = 'S2S.UnknownPermissionSet'; Message = 'D365 NOTHING'; Arguments = { @{ Environment = 'Sandbox'; PermissionSet = 'D365 AUTOMATION', 'D365 NOTHING' } } }
        @{ Case = 'SUPER as a permission set'; ErrorId = 'S2S.InvalidPermissionSet'; Arguments = { @{ Environment = 'Sandbox'; PermissionSet = 'SUPER' } } }
        @{ Case = 'unknown environment'; ErrorId = 'S2S.EnvironmentNotFound'; Message = 'Production, Sandbox'; Arguments = { @{ Environment = 'Staging' } } }
        @{ Case = 'environment that is not Active'; ErrorId = 'S2S.EnvironmentNotActive'; Message = 'Upgrading'; Arguments = { @{ Environment = 'Preview' } } }
        @{ Case = 'client id not in the tenant'; ErrorId = 'S2S.AppNotFound'; Arguments = { @{ Environment = 'Sandbox'; ClientId = [guid]::NewGuid().ToString() } } }
        @{ Case = 'malformed client id'; ErrorId = 'S2S.InvalidClientId'; Arguments = { @{ Environment = 'Sandbox'; ClientId = 'not-a-guid' } } }
    ) {
        $arguments = & $Arguments
        if (-not $arguments.ContainsKey('ClientId')) { $arguments.ClientId = $script:Target.ClientId }
        $failure = $null
        try { Register-ALOpsBcClient @arguments -ErrorAction Stop -WarningAction SilentlyContinue | Out-Null } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -Be "$ErrorId,ALOps.S2S.Commands.RegisterBcClientCommand"
        $failure.TargetObject | Should -Not -BeNullOrEmpty
        $failure.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        if ($Message) { $failure.Exception.Message | Should -Match $Message }
        Get-Writes | Should -BeNullOrEmpty -Because 'nothing may be half-registered'
    }

    It 'refuses to guess between two users that carry the app''s description, and writes nothing' {
        $app = New-GrantedApp
        Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:TenantId -Environment Sandbox -ClientId $app.ClientId `
            -Description $app.DisplayName -PermissionSet 'D365 AUTOMATION' | Out-Null
        Invoke-S2SEmulatorControl -Emulator $script:Emulator -Method Post -Path "/control/tenants/$($script:TenantId)/environments/Sandbox/users" `
            -Body @{ userName = "$($app.DisplayName) copy"; displayName = $app.DisplayName } | Out-Null
        Clear-Log
        $failure = $null
        try { $app | Register-ALOpsBcClient -Environment Sandbox -ErrorAction Stop -WarningAction SilentlyContinue | Out-Null } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'S2S.AppUserAmbiguous,ALOps.S2S.Commands.RegisterBcClientCommand'
        $failure.Exception.Message | Should -Match ([regex]::Escape("$($app.DisplayName) copy".ToUpperInvariant()))
        $failure.TargetObject | Should -Not -BeNullOrEmpty
        $failure.ErrorDetails.RecommendedAction | Should -Match 'page 9860'
        Get-Writes | Should -BeNullOrEmpty -Because 'no permission set may go to a guessed user'
    }

    It 'names the roles when the operator is no Business Central admin' {
        Connect-Person -User 'user@contoso.onmicrosoft.com' | Out-Null
        try {
            Clear-Log
            $failure = $null
            try { Register-ALOpsBcClient -ClientId $script:Target.ClientId -Environment Sandbox -ErrorAction Stop | Out-Null } catch { $failure = $_ }
            $failure.FullyQualifiedErrorId | Should -Be 'S2S.BcAdminRoleRequired,ALOps.S2S.Commands.RegisterBcClientCommand'
            $failure.ErrorDetails.RecommendedAction | Should -Match 'Business Central Administrator'
            Get-Writes | Should -BeNullOrEmpty
        }
        finally { Connect-Person | Out-Null }
    }
}

# Last in this file: a route found without $batch or $expand is remembered for the rest of the process.
Describe 'Register and Test against a Business Central without $batch and $expand' {
    BeforeAll {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ odataBatch = $false; odataExpand = $false } | Out-Null
        $script:Plain = New-GrantedApp
        Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:TenantId -Environment Production -ClientId $script:Plain.ClientId `
            -Description $script:Plain.DisplayName -PermissionSet 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN' | Out-Null
        function script:Invoke-PlainChain {
            $script:Plain | Register-ALOpsBcClient -Environment Production -WarningAction SilentlyContinue |
                Test-ALOpsS2S -ClientSecret $script:Plain.ClientSecret -Permission API.ReadWrite.All, Automation.ReadWrite.All -InformationAction SilentlyContinue
        }
    }

    AfterAll {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ odataBatch = $true; odataExpand = $true } | Out-Null
    }

    It 'passes every check, reading one by one, and asks for each feature once' {
        Clear-Log
        $first = @(Invoke-PlainChain)
        $firstLog = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear)
        $second = @(Invoke-PlainChain)
        $secondLog = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear)

        foreach ($results in $first, $second) {
            @($results | Where-Object Status -NE 'Pass' | ForEach-Object { "$($_.Check) $($_.Target): $($_.Cause)" }) | Should -BeNullOrEmpty
            @($results | Where-Object Check -EQ 'ExtensionManagement').Count | Should -Be 1
        }
        @($firstLog | Where-Object { $_.path -like '*/$batch' }).status | Should -Be 404
        @($firstLog | Where-Object { $_.query -like '*expand*' }).status | Should -Be 501
        @($firstLog | Where-Object { $_.path -like '*/userPermissions' -and $_.method -eq 'GET' }).Count | Should -Be 2 -Because 'the probe reads the app user''s sets, and the doctor reads them to prove EXTEN. MGT. - ADMIN (issue 14)'
        @($firstLog | Where-Object { $_.path -like '*/extensions' }).Count | Should -Be 1
        @($secondLog | Where-Object { $_.path -like '*/$batch' -or $_.query -like '*expand*' }) | Should -BeNullOrEmpty -Because 'a route without the feature is not asked again'
        @($secondLog | Where-Object { $_.host -in 'graph', 'bc' -and $_.method -ne 'GET' }) | Should -BeNullOrEmpty -Because 'the re-run changes nothing'
    }
}
