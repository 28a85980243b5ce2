#Requires -Modules Pester
# The partner model's inventory and rotation (issue #15, items 4 and 5): Get-ALOpsS2SApp reads apps' state in the
# partner's and the customers' tenants (credentials from the app's home tenant) and writes nothing;
# Remove-ALOpsS2SCredential removes credentials by key id, -Expired or -KeepLatest, never the last valid one without
# -Force, converges on a re-run, and a rotation never leaves the app without a working credential.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:PartnerId = $world.Emulator, $world.TenantId
    $script:Roles = 'API.ReadWrite.All', 'Automation.ReadWrite.All'
    $script:PermissionSets = 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN'

    # Three customers whose delegated admin is the partner's admin.
    $script:Customers = @(foreach ($n in 1..3) {
            (New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain ('lifecustomer{0:00}.onmicrosoft.com' -f $n) -Environment Env01, Env02 -DelegatedAdmin 'admin@contoso.onmicrosoft.com').id
        })

    function script:New-SeededApp {
        # An app in the partner tenant with secrets of chosen start and end (days from now) and optional certificates.
        param([string] $Name, [object[]] $Secrets = @(), $Certificates = @(), [string[]] $BcRole, [switch] $MultiTenant, [string] $FederatedSubject)
        $body = [ordered]@{ displayName = "$Name $([guid]::NewGuid().ToString('N').Substring(0, 6))" }
        $body.passwordCredentials = @($Secrets | ForEach-Object {
                [ordered]@{ secretText = $_.Text; displayName = $_.Name
                    startDateTime = [DateTimeOffset]::UtcNow.AddDays($_.StartDays).ToString('o'); endDateTime = [DateTimeOffset]::UtcNow.AddDays($_.EndDays).ToString('o') }
            })
        if ($Certificates) { $body.keyCredentials = @($Certificates | ForEach-Object { @{ key = [Convert]::ToBase64String($_.RawData) } }) }
        if ($FederatedSubject) { $body.federatedIdentityCredentials = @(@{ issuer = $script:Emulator.testIssuer; subject = $FederatedSubject; audiences = @('api://AzureADTokenExchange') }) }
        if ($BcRole) { $body.bcRoles = @($BcRole) }
        if ($MultiTenant) { $body.signInAudience = 'AzureADMultipleOrgs' }
        $seeded = Invoke-S2SEmulatorControl -Emulator $script:Emulator -Method Post -Path "/control/tenants/$($script:PartnerId)/apps" -Body $body
        [pscustomobject]@{ ClientId = $seeded.appId; DisplayName = $body.displayName }
    }
    function script:New-SecretSpec([string] $Name, [double] $StartDays, [double] $EndDays) {
        [pscustomobject]@{ Text = New-TestSecret; Name = $Name; StartDays = $StartDays; EndDays = $EndDays }
    }
    function script:Test-Secret([string] $Tenant, [string] $ClientId, [string] $Secret) {
        # Whether the secret gets a Business Central token right now (straight from the token endpoint).
        try { [bool](Get-TestAppToken -Emulator $script:Emulator -Tenant $Tenant -ClientId $ClientId -Secret $Secret -Resource 'https://api.businesscentral.dynamics.com') }
        catch { $false }
    }
    function script:Clear-Log { Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null }
    function script:Get-Writes { Get-S2STestWrites -Emulator $script:Emulator }

    # The partner's two multi-tenant apps: one secret good for a year (customers 1 and 3), one that ends in 10 days (customer 2).
    $script:LongSecret = New-SecretSpec 'year' -1 365
    $script:SoonSecret = New-SecretSpec 'soon' -1 10
    $script:LongApp = New-SeededApp -Name 'Partner CI' -Secrets $script:LongSecret -BcRole $script:Roles -MultiTenant
    $script:SoonApp = New-SeededApp -Name 'Partner Sync' -Secrets $script:SoonSecret -MultiTenant
    foreach ($i in 0, 2) { Add-S2SEmulatorServicePrincipal -Emulator $script:Emulator -Tenant $script:Customers[$i] -AppId $script:LongApp.ClientId -AppRole $script:Roles | Out-Null }
    Add-S2SEmulatorServicePrincipal -Emulator $script:Emulator -Tenant $script:Customers[1] -AppId $script:SoonApp.ClientId -AppRole API.ReadWrite.All | Out-Null
    # Customer 1: authorized in the admin center and registered in Env01 only.
    Add-S2SEmulatorAuthorizedApp -Emulator $script:Emulator -Tenant $script:Customers[0] -ClientId $script:LongApp.ClientId
    Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:Customers[0] -Environment Env01 -ClientId $script:LongApp.ClientId -Description $script:LongApp.DisplayName -PermissionSet $script:PermissionSets | Out-Null

    $script:Csv = Join-Path $TestDrive 'customers.csv'
    @(
        [pscustomobject]@{ TenantId = 'lifecustomer01.onmicrosoft.com'; ClientId = $script:LongApp.ClientId }
        [pscustomobject]@{ TenantId = 'lifecustomer02.onmicrosoft.com'; ClientId = $script:SoonApp.ClientId }
        [pscustomobject]@{ TenantId = 'lifecustomer03.onmicrosoft.com'; ClientId = $script:LongApp.ClientId }
    ) | Export-Csv -LiteralPath $script:Csv -NoTypeInformation

    Connect-S2STestPerson -Emulator $script:Emulator | Out-Null
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Get-ALOpsS2SApp: one app in its home tenant' {
    BeforeAll {
        Clear-Log
        $script:HomeApp = Get-ALOpsS2SApp -ClientId $script:LongApp.ClientId
        $script:HomeWrites = Get-Writes
    }

    It 'shows its credentials: kind, key id, hint, start, end and days left, never the value' {
        $script:HomeApp | Should -HaveCount 1
        $script:HomeApp | Should -BeOfType ALOps.S2S.Models.S2SAppInventory
        $script:HomeApp.Credentials | Should -HaveCount 1
        $credential = $script:HomeApp.Credentials[0]
        $credential.Type | Should -Be 'Secret'
        [guid]::Parse($credential.KeyId) | Should -Not -Be ([guid]::Empty)
        $credential.DisplayName | Should -Be 'year'
        $credential.Hint | Should -Be $script:LongSecret.Text.Substring(0, 3)
        $credential.StartDateTime | Should -BeLessThan ([DateTimeOffset]::UtcNow)
        $credential.DaysLeft | Should -BeIn 364, 365
        $credential.IsValid | Should -BeTrue
        $credential.TenantId | Should -Be $script:PartnerId
        ($script:HomeApp | Format-List * | Out-String) + ($script:HomeApp.Credentials | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($script:LongSecret.Text))
    }

    It 'says it is a multitenant app registered here, with the Business Central roles granted here' {
        $script:HomeApp.MultiTenant | Should -BeTrue
        $script:HomeApp.SignInAudience | Should -Be 'AzureADMultipleOrgs'
        $script:HomeApp.HomeTenantId | Should -Be $script:PartnerId
        $script:HomeApp.TenantId | Should -Be $script:PartnerId
        $script:HomeApp.BusinessCentralRoles | Should -Be ($script:Roles | Sort-Object)
        $script:HomeApp.ClientId | Should -Be $script:LongApp.ClientId
        $script:HomeApp.DisplayName | Should -Be $script:LongApp.DisplayName
    }

    It 'finds the same app by display name' {
        (Get-ALOpsS2SApp -DisplayName $script:LongApp.DisplayName).ClientId | Should -Be $script:LongApp.ClientId
    }

    It 'tells a single-tenant app apart' {
        $single = New-SeededApp -Name 'Single' -Secrets (New-SecretSpec 's' -1 30) -BcRole API.ReadWrite.All
        $read = Get-ALOpsS2SApp -ClientId $single.ClientId
        $read.MultiTenant | Should -BeFalse
        $read.SignInAudience | Should -Be 'AzureADMyOrg'
    }

    It 'only reads' {
        $script:HomeWrites | Should -BeNullOrEmpty
    }

    It 'fits one line per app in the table view' {
        $lines = @(($script:HomeApp | Format-Table | Out-String -Width 400) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines | Should -HaveCount 3   # header, dashes, one row
        $lines[2] | Should -Match $script:LongApp.ClientId
        $lines[2] | Should -Match '1 Secret'
        $lines[0] | Should -Match 'NextExpiry'
    }
}

Describe 'Get-ALOpsS2SApp: customer rows from Import-Csv' {
    BeforeAll {
        Clear-Log
        $script:Rows = @(Import-Csv -LiteralPath $script:Csv | Get-ALOpsS2SApp -Environment Env01, Env02 -ErrorVariable script:RowErrors)
        $script:RowLog = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator)
        $script:RowWrites = Get-Writes
    }

    It 'returns one row per customer, in input order, in the customer''s tenant' {
        $script:RowErrors | Should -BeNullOrEmpty
        $script:Rows.Row | Should -Be 1, 2, 3
        $script:Rows.TenantId | Should -Be $script:Customers
        $script:Rows.ClientId | Should -Be $script:LongApp.ClientId, $script:SoonApp.ClientId, $script:LongApp.ClientId
    }

    It 'reads the credentials in the partner''s tenant, where the app is registered' {
        foreach ($row in $script:Rows) {
            $row.HomeTenantId | Should -Be $script:PartnerId
            $row.CredentialNote | Should -Match ([regex]::Escape($script:PartnerId))
            $row.Credentials | Should -HaveCount 1
            $row.Credentials[0].TenantId | Should -Be $script:PartnerId
        }
        $script:Rows[1].Credentials[0].Hint | Should -Be $script:SoonSecret.Text.Substring(0, 3)
    }

    It 'reads each app''s credentials once however many customer rows use it' {
        $reads = @($script:RowLog | Where-Object { $_.host -eq 'graph' -and $_.method -eq 'GET' -and $_.path -like "*/applications(appId='$($script:LongApp.ClientId)')*" -and $_.status -eq 200 })
        $reads | Should -HaveCount 1
    }

    It 'shows the roles granted in each customer, and the admin center authorization' {
        $script:Rows[0].BusinessCentralRoles | Should -Be ($script:Roles | Sort-Object)
        $script:Rows[1].BusinessCentralRoles | Should -Be 'API.ReadWrite.All'
        $script:Rows[0].AdminCenterAuthorized | Should -BeTrue
        $script:Rows[2].AdminCenterAuthorized | Should -BeFalse
    }

    It 'shows per environment whether the app is registered, with its permission sets' {
        $environments = $script:Rows[0].Environments
        $environments.Environment | Should -Be Env01, Env02
        $environments[0].Registered | Should -BeTrue
        $environments[0].PermissionSets | Sort-Object | Should -Be ($script:PermissionSets | Sort-Object)
        $environments[1].Registered | Should -BeFalse
        $script:Rows[2].Environments.Registered | Should -Be $false, $false
    }

    It 'only reads' {
        $script:RowWrites | Should -BeNullOrEmpty
    }

    It '-ExpiringWithinDays keeps the one customer row whose secret expires in 10 days' {
        $due = @(Import-Csv -LiteralPath $script:Csv | Get-ALOpsS2SApp -ExpiringWithinDays 30)
        $due | Should -HaveCount 1
        $due[0].Row | Should -Be 2
        $due[0].TenantId | Should -Be $script:Customers[1]
        $due[0].ClientId | Should -Be $script:SoonApp.ClientId
        $due[0].DaysLeft | Should -BeIn 9, 10
        $due[0].Credentials[0].DaysLeft | Should -BeIn 9, 10
        @(Import-Csv -LiteralPath $script:Csv | Get-ALOpsS2SApp -ExpiringWithinDays 5) | Should -BeNullOrEmpty
    }

    It 'lists every app holding Business Central permissions in a tenant when no app is named' {
        $all = @(Get-ALOpsS2SApp -TenantId $script:Customers[1])
        $all.ClientId | Should -Be $script:SoonApp.ClientId
        $partner = @(Get-ALOpsS2SApp)
        $partner.ClientId | Should -Contain $script:LongApp.ClientId
        $partner.ClientId | Should -Not -Contain $script:SoonApp.ClientId -Because 'it holds no Business Central role in the partner tenant'
        foreach ($app in $partner) { $app.BusinessCentralRoles | Should -Not -BeNullOrEmpty }
    }
}

Describe 'Get-ALOpsS2SApp: a row the operator cannot reach' {
    It 'fails that row with an error naming it, and reads the other rows' {
        $stranger = (New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain 'lifestranger.onmicrosoft.com').id
        $rows = @(
            [pscustomobject]@{ TenantId = $stranger; ClientId = $script:LongApp.ClientId }
            [pscustomobject]@{ TenantId = $script:Customers[0]; ClientId = $script:LongApp.ClientId }
        )
        $read = @($rows | Get-ALOpsS2SApp -ErrorVariable rowErrors -ErrorAction SilentlyContinue)
        $read.Row | Should -Be 2
        $read.TenantId | Should -Be $script:Customers[0]
        $rowErrors | Should -HaveCount 1
        $rowErrors[0].FullyQualifiedErrorId | Should -BeLike 'S2S.*'
        $rowErrors[0].Exception.Message | Should -BeLike 'Row 1: tenant *'
        $rowErrors[0].TargetObject | Should -BeLike "row 1: tenant $stranger*"
    }
}

Describe 'Get-ALOpsS2SApp: an operator who cannot act in the app''s home tenant' {
    It 'says the credentials are held by the home tenant instead of failing' {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ deviceCodeUser = 'admin@lifecustomer03.onmicrosoft.com' } | Out-Null
        $customer = Connect-ALOpsS2S -TenantId 'lifecustomer03.onmicrosoft.com' -UseDeviceCode -WarningAction SilentlyContinue
        try {
            $read = Get-ALOpsS2SApp -ClientId $script:LongApp.ClientId -Connection $customer
            $read.TenantId | Should -Be $script:Customers[2]
            $read.HomeTenantId | Should -Be $script:PartnerId
            $read.Credentials | Should -BeNullOrEmpty
            $read.CredentialNote | Should -Match "Held by the app's home tenant $($script:PartnerId)"
            $read.BusinessCentralRoles | Should -Be ($script:Roles | Sort-Object)
            # Unread credentials cannot be judged: -ExpiringWithinDays leaves the row out and says why.
            @(Get-ALOpsS2SApp -ClientId $script:LongApp.ClientId -Connection $customer -ExpiringWithinDays 3650 -WarningVariable unjudged -WarningAction SilentlyContinue) | Should -BeNullOrEmpty
            $unjudged | Should -HaveCount 1
            "$unjudged" | Should -Match 'could not be read'
        }
        finally {
            Connect-S2STestPerson -Emulator $script:Emulator | Out-Null
        }
    }
}

Describe 'Remove-ALOpsS2SCredential' {
    It '-Expired removes the expired secrets only; a re-run converges without a write' {
        $app = New-SeededApp -Name 'Expired' -Secrets (New-SecretSpec 'old' -200 -20), (New-SecretSpec 'older' -400 -200), (New-SecretSpec 'current' -20 100)
        Clear-Log
        $result = Remove-ALOpsS2SCredential -ClientId $app.ClientId -Expired -Confirm:$false
        $result | Should -BeOfType ALOps.S2S.Models.S2SCredentialRemoval
        $result.Removed.DisplayName | Sort-Object | Should -Be 'old', 'older'
        $result.Remaining.DisplayName | Should -Be 'current'
        @(Get-Writes | Where-Object { $_.method -eq 'POST' -and $_.path -like '*/removePassword' }) | Should -HaveCount 2
        (Get-ALOpsS2SApp -ClientId $app.ClientId).Credentials.DisplayName | Should -Be 'current'

        Clear-Log
        $again = Remove-ALOpsS2SCredential -ClientId $app.ClientId -Expired -Confirm:$false
        $again.Removed | Should -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'a key id that is already gone is success, not an error' {
        $app = New-SeededApp -Name 'Gone' -Secrets (New-SecretSpec 'a' -10 100), (New-SecretSpec 'b' -5 100)
        $first = (Get-ALOpsS2SApp -ClientId $app.ClientId).Credentials | Where-Object DisplayName -eq 'a'
        $first | Remove-ALOpsS2SCredential -Confirm:$false | Out-Null
        Clear-Log
        $again = $first | Remove-ALOpsS2SCredential -Confirm:$false -ErrorVariable goneErrors
        $goneErrors | Should -BeNullOrEmpty
        $again.AlreadyGone | Should -Be $first.KeyId
        $again.Removed | Should -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'refuses to remove the last valid credential without -Force, and writes nothing' {
        $app = New-SeededApp -Name 'Last' -Secrets (New-SecretSpec 'only' -10 100), (New-SecretSpec 'dead' -100 -1)
        Clear-Log
        $err = { Remove-ALOpsS2SCredential -ClientId $app.ClientId -KeepLatest 0 -Confirm:$false } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'S2S.LastValidCredential*'
        $err.TargetObject | Should -Be $app.ClientId
        $err.ErrorDetails.RecommendedAction | Should -Match '-Force'
        Get-Writes | Should -BeNullOrEmpty
        (Get-ALOpsS2SApp -ClientId $app.ClientId).Credentials | Should -HaveCount 2

        $forced = Remove-ALOpsS2SCredential -ClientId $app.ClientId -KeepLatest 0 -Force -Confirm:$false
        $forced.Removed | Should -HaveCount 2
        $forced.Remaining | Should -BeNullOrEmpty
    }

    It 'counts a federated credential as valid: the expired secret goes, the federated one cannot go without -Force' {
        $app = New-SeededApp -Name 'Federated' -Secrets (New-SecretSpec 'dead' -100 -1) -FederatedSubject 'repo:contoso/app:ref:refs/heads/main'
        $federated = (Get-ALOpsS2SApp -ClientId $app.ClientId).Credentials | Where-Object Type -eq Federated
        $federated.DaysLeft | Should -BeNullOrEmpty
        $federated.IsValid | Should -BeTrue
        { $federated | Remove-ALOpsS2SCredential -Confirm:$false } | Should -Throw -ErrorId 'S2S.LastValidCredential*'
        (Remove-ALOpsS2SCredential -ClientId $app.ClientId -Expired -Confirm:$false).Remaining.Type | Should -Be 'Federated'
        Clear-Log
        ($federated | Remove-ALOpsS2SCredential -Force -Confirm:$false).Removed.Type | Should -Be 'Federated'
        @(Get-Writes | Where-Object method -eq 'DELETE') | Should -HaveCount 1
        (Get-ALOpsS2SApp -ClientId $app.ClientId).Credentials | Should -BeNullOrEmpty
    }

    It '-KeepLatest 1 removes the older certificate and keeps the newer one working' {
        $older = New-TestCertificate -ValidDays 20
        Start-Sleep -Milliseconds 1100   # distinct start dates
        $newer = New-TestCertificate -ValidDays 60
        $app = New-SeededApp -Name 'Certificates' -Certificates $older, $newer -BcRole $script:Roles
        $before = (Get-ALOpsS2SApp -ClientId $app.ClientId).Credentials
        $before | Should -HaveCount 2
        Clear-Log
        $result = Remove-ALOpsS2SCredential -ClientId $app.ClientId -KeepLatest 1 -Confirm:$false
        $result.Removed.Hint | Should -Be $older.Thumbprint
        $result.Remaining.Hint | Should -Be $newer.Thumbprint
        @(Get-Writes | Where-Object method -eq 'PATCH') | Should -HaveCount 1
        Test-ALOpsS2S -TenantId $script:PartnerId -ClientId $app.ClientId -Certificate $newer -Quiet | Should -BeTrue
        Test-ALOpsS2S -TenantId $script:PartnerId -ClientId $app.ClientId -Certificate $older -Quiet | Should -BeFalse
    }

    It 'removes in the app''s home tenant, once, when given customer rows' {
        $app = New-SeededApp -Name 'Customer row' -Secrets (New-SecretSpec 'dead' -100 -1), (New-SecretSpec 'live' -1 100) -MultiTenant
        foreach ($i in 0, 2) { Add-S2SEmulatorServicePrincipal -Emulator $script:Emulator -Tenant $script:Customers[$i] -AppId $app.ClientId -AppRole API.ReadWrite.All | Out-Null }
        $rows = @($script:Customers[0], $script:Customers[2] | ForEach-Object { [pscustomobject]@{ TenantId = $_; ClientId = $app.ClientId } } | Get-ALOpsS2SApp)
        $rows | Should -HaveCount 2
        Clear-Log
        $result = @($rows | Remove-ALOpsS2SCredential -Expired -Confirm:$false)
        $result | Should -HaveCount 1 -Because 'the rows of one app are handled once, where it is registered'
        @(Get-Writes) | Should -HaveCount 1
        $result.TenantId | Should -Be $script:PartnerId
        $result.Removed.DisplayName | Should -Be 'dead'
        (Get-ALOpsS2SApp -ClientId $app.ClientId).Credentials.DisplayName | Should -Be 'live'
    }

    It 'a managed identity: Azure holds its credentials, nothing to remove, no error' {
        $identity = (Get-S2SEmulatorSeed -Emulator $script:Emulator).tenants.Where({ $_.id -eq $script:PartnerId })[0].managedIdentity
        $read = Get-ALOpsS2SApp -ClientId $identity.clientId
        $read.CredentialNote | Should -Match 'managed identity'
        $read.Credentials | Should -BeNullOrEmpty
        Clear-Log
        $result = Remove-ALOpsS2SCredential -ClientId $identity.clientId -Expired -Confirm:$false -ErrorVariable identityErrors
        $identityErrors | Should -BeNullOrEmpty
        $result.Removed | Should -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty
    }

    It '-WhatIf removes nothing' {
        $app = New-SeededApp -Name 'WhatIf' -Secrets (New-SecretSpec 'dead' -100 -1), (New-SecretSpec 'live' -1 100)
        Clear-Log
        Remove-ALOpsS2SCredential -ClientId $app.ClientId -Expired -WhatIf | Out-Null
        Get-Writes | Should -BeNullOrEmpty
        (Get-ALOpsS2SApp -ClientId $app.ClientId).Credentials | Should -HaveCount 2
    }

    It 'asks before removing: ConfirmImpact High' {
        (Get-Command Remove-ALOpsS2SCredential).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
    }
}

Describe 'Rotation without downtime (the recipe in Remove-ALOpsS2SCredential''s help)' {
    BeforeAll {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 4 } | Out-Null
        $script:Old = New-SecretSpec 'old' -170 10
        $script:Rotated = New-SeededApp -Name 'Rotated' -Secrets $script:Old -BcRole $script:Roles
        Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:PartnerId -Environment Production -ClientId $script:Rotated.ClientId -Description $script:Rotated.DisplayName -PermissionSet $script:PermissionSets | Out-Null
    }
    AfterAll { Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 0 } | Out-Null }

    It 'adds a new secret, proves it, then removes the old one; a secret works at every moment' {
        $clientId = $script:Rotated.ClientId
        $working = { param($newSecret) (Test-Secret $script:PartnerId $clientId $script:Old.Text) -or ($newSecret -and (Test-Secret $script:PartnerId $clientId $newSecret)) }

        # 1. New secret, handed over through the pipeline output (a SecureString; no plain text anywhere).
        $new = New-ALOpsS2SApp -ClientId $clientId -NewSecret -SecretLifetimeDays 180 -WarningAction SilentlyContinue
        $new.ClientSecret | Should -BeOfType System.Security.SecureString
        $newText = [System.Net.NetworkCredential]::new('', $new.ClientSecret).Password
        & $working $newText | Should -BeTrue

        # 2. Test-ALOpsS2S proves the new one: New's output tells it the secret was just added, so its sign-in waits
        #    out Entra replication (the emulator refuses the new secret for 4 s) instead of failing; the old one works meanwhile.
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $new | Test-ALOpsS2S -Environment Production -Quiet | Should -BeTrue
        $signIns = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost login | Where-Object { $_.clientId -eq $clientId -and $_.grantType -eq 'client_credentials' })
        @($signIns | Where-Object status -GE 400).Count | Should -BeGreaterThan 0 -Because 'the new secret needed replication, which Test waited out'
        $signIns[-1].status | Should -Be 200
        Test-Secret $script:PartnerId $clientId $script:Old.Text | Should -BeTrue -Because 'the old secret carries the pipelines until the new one is proven'

        # 3. Remove the old one: keep the newest secret only.
        $removed = Remove-ALOpsS2SCredential -ClientId $clientId -KeepLatest 1 -Confirm:$false
        $removed.Removed.DisplayName | Should -Be 'old'
        $removed.Remaining | Should -HaveCount 1
        $removed.Remaining[0].Hint | Should -Be $newText.Substring(0, 3)

        Test-Secret $script:PartnerId $clientId $newText | Should -BeTrue
        Test-Secret $script:PartnerId $clientId $script:Old.Text | Should -BeFalse
        $new | Test-ALOpsS2S -Environment Production -Quiet | Should -BeTrue
    }
}

Describe 'Bad input to the lifecycle cmdlets' {
    It '<Case>' -ForEach @(
        @{ Case = 'Get: client id that is no GUID'; Id = 'S2S.InvalidClientId'; Script = { Get-ALOpsS2SApp -ClientId 'not-a-guid' } }
        @{ Case = 'Get: negative -ExpiringWithinDays'; Id = 'S2S.InvalidExpiringWithinDays'; Script = { Get-ALOpsS2SApp -ExpiringWithinDays -1 } }
        @{ Case = 'Get: unknown display name'; Id = 'S2S.AppNotFound'; Script = { Get-ALOpsS2SApp -DisplayName 'No such app anywhere' } }
        @{ Case = 'Get: unknown client id'; Id = 'S2S.AppNotFound'; Script = { Get-ALOpsS2SApp -ClientId ([guid]::NewGuid()) } }
        @{ Case = 'Get: unknown environment'; Id = 'S2S.EnvironmentNotFound'; Script = { Get-ALOpsS2SApp -ClientId $script:LongApp.ClientId -Environment NoSuchEnv } }
        @{ Case = 'Get: tenant that is no tenant'; Id = 'S2S.InvalidTenantId'; Script = { Get-ALOpsS2SApp -TenantId 'not a tenant!' } }
        @{ Case = 'Remove: client id that is no GUID'; Id = 'S2S.InvalidClientId'; Script = { Remove-ALOpsS2SCredential -ClientId 'xyz' -Expired -Confirm:$false } }
        @{ Case = 'Remove: key id that is no GUID'; Id = 'S2S.InvalidKeyId'; Script = { Remove-ALOpsS2SCredential -ClientId $script:LongApp.ClientId -KeyId 'secret-1' -Confirm:$false } }
        @{ Case = 'Remove: negative -KeepLatest'; Id = 'S2S.InvalidKeepLatest'; Script = { Remove-ALOpsS2SCredential -ClientId $script:LongApp.ClientId -KeepLatest -1 -Confirm:$false } }
        @{ Case = 'Remove: unknown app'; Id = 'S2S.AppNotFound'; Script = { Remove-ALOpsS2SCredential -ClientId ([guid]::NewGuid()) -Expired -Confirm:$false } }
        @{ Case = 'Remove: the last valid credential'; Id = 'S2S.LastValidCredential'; Script = { Remove-ALOpsS2SCredential -ClientId $script:LongApp.ClientId -KeepLatest 0 -Confirm:$false } }
    ) {
        Clear-Log
        $err = $Script | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike "$Id*"
        $err.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $err.TargetObject | Should -Not -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty -Because 'bad input changes nothing'
    }
}

Describe 'Views of <_>' -ForEach @('S2SAppInventory', 'S2SAppCredential', 'S2SAppEnvironment', 'S2SCredentialRemoval') {
    BeforeAll {
        if (-not $script:Shown) {
            $app = New-SeededApp -Name 'Views' -Secrets (New-SecretSpec 'dead' -100 -1), (New-SecretSpec 'live' -1 100) -BcRole $script:Roles
            $script:ViewSecrets = @($app.ClientId)
            $inventory = Get-ALOpsS2SApp -ClientId $app.ClientId -Environment Production
            $script:Shown = @{
                S2SAppInventory      = $inventory
                S2SAppCredential     = $inventory.Credentials[0]
                S2SAppEnvironment    = $inventory.Environments[0]
                S2SCredentialRemoval = Remove-ALOpsS2SCredential -ClientId $app.ClientId -Expired -Confirm:$false
            }
        }
        $script:Object = $script:Shown[$_]
    }

    It 'has a view of its own as a table and as a list' {
        $script:Object.GetType().FullName | Should -Be "ALOps.S2S.Models.$_"
        $table = $script:Object | Format-Table | Out-String -Width 300
        $list = $script:Object | Format-List | Out-String -Width 300
        $table | Should -Match 'Environment|ClientId|KeyId'
        $list | Should -Match '(Environment|ClientId|KeyId)\s+:'
        foreach ($text in $table, $list) { $text | Should -Not -Match 'ALOps\.S2S\.Models\.' -Because 'nested objects show as text, not type names' }
    }
}
