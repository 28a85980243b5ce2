#Requires -Modules Pester
# New-ALOpsS2SApp and Grant-ALOpsS2SPermission against the emulated Graph: one app, one service principal, one
# credential of each kind, consent; a re-run writes nothing; replication delay; WhatIf; secrets; bad input.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId

    function script:Connect-Admin([string] $User = 'admin@contoso.onmicrosoft.com') { Connect-S2STestPerson -Emulator $script:Emulator -User $User }
    function script:Get-GraphWrites { Get-S2STestWrites -Emulator $script:Emulator -ServiceHost graph }

    function script:Clear-Log { Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null }

    function script:Read-Secret([securestring] $Secure) { [System.Net.NetworkCredential]::new('', $Secure).Password }

    function script:New-Name([string] $Prefix = 'ALOps CI') { "$Prefix $([guid]::NewGuid().ToString('N').Substring(0, 8))" }

    function script:Get-AppRoles([string] $ClientId, [string] $Secret) {
        $token = Get-TestAppToken -Emulator $script:Emulator -Tenant $script:TenantId -ClientId $ClientId -Secret $Secret -Resource 'https://api.businesscentral.dynamics.com'
        $payload = $token.Split('.')[1].Replace('-', '+').Replace('_', '/')
        $payload += '=' * ((4 - $payload.Length % 4) % 4)
        ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($payload)) | ConvertFrom-Json).roles
    }

    Connect-Admin | Out-Null
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'New-ALOpsS2SApp with a client secret' {
    BeforeAll {
        $script:Name = New-Name
        Clear-Log
        $script:First = New-ALOpsS2SApp -DisplayName $script:Name
        $script:FirstWrites = Get-GraphWrites
    }

    It 'creates one app, one service principal and one secret' {
        $script:First.Created | Should -BeTrue
        $script:First.ClientId | Should -Match '^[0-9a-f-]{36}$'
        $script:First.ServicePrincipalId | Should -Match '^[0-9a-f-]{36}$'
        $script:First.TenantId | Should -Be $script:TenantId
        $script:First.CredentialType | Should -Be 'Secret'
        $script:First.ClientSecret | Should -BeOfType [securestring]
        $script:FirstWrites.Count | Should -Be 3
        ($script:FirstWrites | Where-Object path -Match '/addPassword$').Count | Should -Be 1
    }

    It 'gives the secret a 180-day lifetime by default' {
        ($script:First.CredentialExpiresOn - [DateTimeOffset]::UtcNow).TotalDays | Should -BeGreaterThan 179
        ($script:First.CredentialExpiresOn - [DateTimeOffset]::UtcNow).TotalDays | Should -BeLessOrEqual 180
    }

    It 'returns a secret that signs the app in' {
        $connection = Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $script:First.ClientId -ClientSecret $script:First.ClientSecret
        $connection.Account | Should -Be $script:First.ClientId
        Connect-Admin | Out-Null
    }

    It 'changes nothing when run again' {
        Clear-Log
        $again = New-ALOpsS2SApp -DisplayName $script:Name -WarningVariable warnings -WarningAction SilentlyContinue
        $again.Created | Should -BeFalse
        $again.ClientId | Should -Be $script:First.ClientId
        $again.ClientSecret | Should -BeNullOrEmpty
        $again.CredentialExpiresOn | Should -Not -BeNullOrEmpty
        ($warnings -join ' ') | Should -Match '-NewSecret'
        Get-GraphWrites | Should -BeNullOrEmpty
    }

    It 'finds the app by client id too' {
        (New-ALOpsS2SApp -ClientId $script:First.ClientId -WarningAction SilentlyContinue).DisplayName | Should -Be $script:Name
    }

    It 'adds a fresh secret with -NewSecret (rotation)' {
        Clear-Log
        $rotated = New-ALOpsS2SApp -DisplayName $script:Name -NewSecret
        $rotated.ClientSecret | Should -Not -BeNullOrEmpty
        (Read-Secret $rotated.ClientSecret) | Should -Not -Be (Read-Secret $script:First.ClientSecret)
        (Get-GraphWrites).Count | Should -Be 1
    }

    It 'makes no write with -WhatIf' {
        Clear-Log
        $result = New-ALOpsS2SApp -DisplayName (New-Name) -WhatIf
        # Only the plan, for the next commands of a -WhatIf chain (Usability.Tests.ps1): no ids invented.
        $result.Planned | Should -BeTrue
        $result.ClientId | Should -BeNullOrEmpty
        $result.ObjectId | Should -BeNullOrEmpty
        Get-GraphWrites | Should -BeNullOrEmpty
        Clear-Log
        New-ALOpsS2SApp -DisplayName $script:Name -NewSecret -WhatIf | Out-Null
        Get-GraphWrites | Should -BeNullOrEmpty
    }
}

Describe 'New-ALOpsS2SApp with a certificate' {
    It 'registers a supplied certificate once, and it signs the app in' {
        $cert = New-TestCertificate
        $name = New-Name
        $app = New-ALOpsS2SApp -DisplayName $name -Certificate $cert
        $app.CredentialType | Should -Be 'Certificate'
        $app.CertificateThumbprint | Should -Be $cert.Thumbprint
        $app.ClientSecret | Should -BeNullOrEmpty
        Clear-Log
        (New-ALOpsS2SApp -DisplayName $name -Certificate $cert).CertificateThumbprint | Should -Be $cert.Thumbprint
        Get-GraphWrites | Should -BeNullOrEmpty
        (Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $app.ClientId -Certificate $cert).Mode | Should -Be 'Certificate'
        Connect-Admin | Out-Null
    }

    It 'keeps an existing certificate when registering a second one' {
        $first = New-TestCertificate
        $second = New-TestCertificate
        $name = New-Name
        $app = New-ALOpsS2SApp -DisplayName $name -Certificate $first
        New-ALOpsS2SApp -DisplayName $name -Certificate $second | Out-Null
        (Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $app.ClientId -Certificate $first).Mode | Should -Be 'Certificate'
        (Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $app.ClientId -Certificate $second).Mode | Should -Be 'Certificate'
        Connect-Admin | Out-Null
    }

    It 'generates a self-signed certificate into an owner-only PFX protected by the password' {
        $pfx = Join-Path $TestDrive "$([guid]::NewGuid()).pfx"
        $password = ConvertTo-SecureString (New-TestSecret) -AsPlainText -Force
        $app = New-ALOpsS2SApp -DisplayName (New-Name) -PfxPath $pfx -CertificatePassword $password
        $app.CertificatePath | Should -Be $pfx
        $pfx | Should -Exist
        if (-not $IsWindows) { [System.IO.File]::GetUnixFileMode($pfx) | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite') }
        $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($pfx, $password)
        $cert.Thumbprint | Should -Be $app.CertificateThumbprint
        $cert.HasPrivateKey | Should -BeTrue
        (Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $app.ClientId -Certificate $cert).Mode | Should -Be 'Certificate'
        Connect-Admin | Out-Null
    }
}

Describe 'New-ALOpsS2SApp with a federated credential' {
    It 'trusts an Azure DevOps service connection as given, once' {
        $subject = "sc://contoso/ALOps/$([guid]::NewGuid().ToString('N'))"
        $name = New-Name
        $app = New-ALOpsS2SApp -DisplayName $name -FederatedIssuer $script:Emulator.testIssuer -FederatedSubject $subject
        $app.CredentialType | Should -Be 'Federated'
        $app.FederatedSubject | Should -BeExactly $subject
        Clear-Log
        New-ALOpsS2SApp -DisplayName $name -FederatedIssuer $script:Emulator.testIssuer -FederatedSubject $subject | Out-Null
        Get-GraphWrites | Should -BeNullOrEmpty
        $token = New-S2SEmulatorTestIssuerToken -Emulator $script:Emulator -Subject $subject
        (Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $app.ClientId -FederatedToken (ConvertTo-SecureString $token -AsPlainText -Force)).Mode | Should -Be 'FederatedToken'
        Connect-Admin | Out-Null
    }

    It 'builds GitHub subjects from the repository and environment' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name) -GitHubRepository 'contoso/bc-apps' -GitHubEnvironment 'production'
        $app.FederatedIssuer | Should -Be 'https://token.actions.githubusercontent.com'
        $app.FederatedSubject | Should -BeExactly 'repo:contoso/bc-apps:environment:production'
    }
}

Describe 'New-ALOpsS2SApp without a credential' {
    It 'creates the app and its service principal only, with -CredentialType None' {
        Clear-Log
        $app = New-ALOpsS2SApp -DisplayName (New-Name) -CredentialType None
        $app.CredentialType | Should -Be 'None'
        $app.ClientSecret | Should -BeNullOrEmpty
        $app.ServicePrincipalId | Should -Not -BeNullOrEmpty
        (Get-GraphWrites).Count | Should -Be 2
    }
}

Describe 'Grant-ALOpsS2SPermission' {
    BeforeAll {
        $script:Name = New-Name
        $script:App = New-ALOpsS2SApp -DisplayName $script:Name
        $script:Secret = Read-Secret $script:App.ClientSecret
        Clear-Log
        $script:Grant = $script:App | Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All
    }

    It 'binds the app from the pipeline and grants the requested permissions' {
        $script:Grant.ClientId | Should -Be $script:App.ClientId
        $script:Grant.Permission | Sort-Object | Should -Be @('AdminCenter.ReadWrite.All', 'API.ReadWrite.All', 'Automation.ReadWrite.All')
        $script:Grant.NewlyGranted.Count | Should -Be 3
        $script:Grant.ClientSecret | Should -Not -BeNullOrEmpty -Because 'the credential travels on to Register and Test'
    }

    It 'makes the roles appear in the app''s own token' {
        Get-AppRoles -ClientId $script:App.ClientId -Secret $script:Secret | Sort-Object | Should -Be @('AdminCenter.ReadWrite.All', 'API.ReadWrite.All', 'Automation.ReadWrite.All')
    }

    It 'treats already granted as success and writes nothing' {
        Clear-Log
        $again = Grant-ALOpsS2SPermission -ClientId $script:App.ClientId -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All
        $again.NewlyGranted | Should -BeNullOrEmpty
        $again.Permission.Count | Should -Be 3
        Get-GraphWrites | Should -BeNullOrEmpty
    }

    It 'grants the defaults when no permission is named' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        ($app | Grant-ALOpsS2SPermission).Permission | Sort-Object | Should -Be @('API.ReadWrite.All', 'Automation.ReadWrite.All')
    }

    It 'makes no write with -WhatIf' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        Clear-Log
        $app | Grant-ALOpsS2SPermission -WhatIf | Should -BeNullOrEmpty
        Get-GraphWrites | Should -BeNullOrEmpty
        Get-AppRoles -ClientId $app.ClientId -Secret (Read-Secret $app.ClientSecret) | Should -BeNullOrEmpty
    }

    It 'keeps the required permissions of other resources' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        $operator = New-TestSecret
        $operatorApp = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Graph writer' -SecretText $operator -GraphRole 'Application.ReadWrite.All'
        $graphToken = Get-TestAppToken -Emulator $script:Emulator -Tenant $script:TenantId -ClientId $operatorApp.appId -Secret $operator -Resource 'https://graph.microsoft.com'
        $userRead = '00000003-0000-0000-c000-000000000000'
        Invoke-RestMethod -Method Patch -Uri "$($script:Emulator.graphEndpoint)/v1.0/applications(appId='$($app.ClientId)')" -Headers @{ Authorization = "Bearer $graphToken" } -ContentType 'application/json' -Body (@{
            requiredResourceAccess = @(@{ resourceAppId = $userRead; resourceAccess = @(@{ id = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d'; type = 'Scope' }) })
        } | ConvertTo-Json -Depth 5) | Out-Null

        $app | Grant-ALOpsS2SPermission | Out-Null

        $read = Invoke-RestMethod -Uri "$($script:Emulator.graphEndpoint)/v1.0/applications(appId='$($app.ClientId)')?`$select=requiredResourceAccess" -Headers @{ Authorization = "Bearer $graphToken" }
        $read.requiredResourceAccess.resourceAppId | Should -Contain $userRead
        $read.requiredResourceAccess.resourceAppId | Should -Contain '996def3d-b36c-4153-8607-a6fd3c01b89f'
    }

    It 'does not read the app again straight after New-ALOpsS2SApp read it, in one pipeline' {
        $name = New-Name
        New-ALOpsS2SApp -DisplayName $name | Out-Null
        Clear-Log
        $grant = New-ALOpsS2SApp -DisplayName $name | Grant-ALOpsS2SPermission
        $grant.Permission | Sort-Object | Should -Be @('API.ReadWrite.All', 'Automation.ReadWrite.All')
        $appReads = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator | Where-Object { $_.host -eq 'graph' -and $_.method -eq 'GET' -and $_.path -like '*/applications*' })
        $appReads.Count | Should -Be 1 -Because "New-ALOpsS2SApp finds the app by name, and Grant-ALOpsS2SPermission uses what it read: $($appReads.path -join ', ')"
    }

    It 'names the roles that can grant consent when the operator holds none' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        Connect-Admin -User 'appdev@contoso.onmicrosoft.com' | Out-Null
        try {
            $failure = $null
            try { $app | Grant-ALOpsS2SPermission -ErrorAction Stop } catch { $failure = $_ }
            $failure.FullyQualifiedErrorId | Should -Be 'S2S.ConsentRoleRequired,ALOps.S2S.Commands.GrantS2SPermissionCommand'
            $failure.ErrorDetails.RecommendedAction | Should -Match 'Cloud Application Administrator'
            $failure.ErrorDetails.RecommendedAction | Should -Match 'Global Administrator'
        }
        finally { Connect-Admin | Out-Null }
    }
}

Describe 'The New | Grant pipeline under Entra replication delay' {
    AfterAll { Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 0 } | Out-Null }

    It 'still succeeds, within 20 seconds, with a 15-second delay, reporting progress' {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 15 } | Out-Null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $progress = $null
        $grant = New-ALOpsS2SApp -DisplayName (New-Name) | Grant-ALOpsS2SPermission -ProgressAction Continue 5>$null 6>$null
        $watch.Stop()
        $grant.Permission | Sort-Object | Should -Be @('API.ReadWrite.All', 'Automation.ReadWrite.All')
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 14 -Because 'the emulator really delayed replication'
    }
}

Describe 'Ctrl+C' {
    It 'stops a replication wait at once' {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 120 } | Out-Null
        $ps = [powershell]::Create()
        try {
            $connection = Get-ALOpsS2SConnection
            $null = $ps.AddScript({
                param($Module, $Connection, $Name)
                Import-Module $Module
                New-ALOpsS2SApp -DisplayName $Name -Connection $Connection
            }).AddParameters(@{ Module = $env:ALOPS_S2S_MODULE_PATH; Connection = $connection; Name = (New-Name) })
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost graph | Where-Object { $_.path -eq '/v1.0/servicePrincipals' -and $_.status -eq 400 }) -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 200
            }
            Stop-S2SPowerShell -PowerShell $ps | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
            Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 0 } | Out-Null
        }
    }
}

Describe 'No secret in any stream' {
    It 'never writes the new secret to output text, verbose, debug, warning, information or errors' {
        $DebugPreference = 'Continue'
        $all = New-ALOpsS2SApp -DisplayName (New-Name) -Verbose -Debug *>&1 | ForEach-Object { $_ }
        $app = $all | Where-Object { $_ -is [ALOps.S2S.Models.S2SApp] }
        $secret = Read-Secret $app.ClientSecret
        $secret.Length | Should -BeGreaterThan 10
        $text = ($all | ForEach-Object { if ($_ -is [ALOps.S2S.Models.S2SApp]) { $_ | Format-List * | Out-String } else { "$_" } }) -join "`n"
        $text | Should -Not -Match ([regex]::Escape($secret))
        $text | Should -Match 'HTTP POST'
        ($app | ConvertTo-Json -Depth 3) | Should -Not -Match ([regex]::Escape($secret))
    }
}

Describe 'Bad input changes nothing' {
    BeforeAll {
        $script:Expired = New-TestCertificate -Expired
        $script:NotACert = Join-Path $TestDrive 'not-a-cert.cer'
        Set-Content -Path $script:NotACert -Value 'this is not a certificate'
        $script:Duplicate = New-Name 'Twin'
        New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName $script:Duplicate | Out-Null
        New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName $script:Duplicate | Out-Null
        $script:Target = New-ALOpsS2SApp -DisplayName (New-Name)
    }

    BeforeEach { Clear-Log }

    It '<Case> fails with <ErrorId>' -ForEach @(
        @{ Case = 'display name over 120 characters'; ErrorId = 'S2S.DisplayNameTooLong'; Command = 'New-ALOpsS2SApp'; Arguments = { @{ DisplayName = 'x' * 121 } } }
        @{ Case = 'several apps with the name'; ErrorId = 'S2S.AmbiguousDisplayName'; Command = 'New-ALOpsS2SApp'; Arguments = { @{ DisplayName = $script:Duplicate } } }
        @{ Case = 'unknown client id'; ErrorId = 'S2S.AppNotFound'; Command = 'New-ALOpsS2SApp'; Arguments = { @{ ClientId = [guid]::NewGuid().ToString() } } }
        @{ Case = 'expired certificate'; ErrorId = 'S2S.CertificateExpired'; Command = 'New-ALOpsS2SApp'; Arguments = { @{ DisplayName = (New-Name); Certificate = $script:Expired } } }
        @{ Case = 'file that is not X.509'; ErrorId = 'S2S.InvalidCertificateFile'; Command = 'New-ALOpsS2SApp'; Arguments = { @{ DisplayName = (New-Name); CertificatePath = $script:NotACert } } }
        @{ Case = 'issuer that is not an https URL'; ErrorId = 'S2S.InvalidFederatedIssuer'; Command = 'New-ALOpsS2SApp'; Arguments = { @{ DisplayName = (New-Name); FederatedIssuer = 'http://vstoken.dev.azure.com/org'; FederatedSubject = 'sc://a/b/c' } } }
        @{ Case = 'federated subject over 600 characters'; ErrorId = 'S2S.InvalidFederatedSubject'; Command = 'New-ALOpsS2SApp'; Arguments = { @{ DisplayName = (New-Name); FederatedIssuer = 'https://vstoken.dev.azure.com/org'; FederatedSubject = 's' * 601 } } }
        @{ Case = '-NewSecret with -CredentialType None'; ErrorId = 'S2S.NewSecretNeedsSecretCredential'; Command = 'New-ALOpsS2SApp'; Arguments = { @{ DisplayName = (New-Name); NewSecret = $true; CredentialType = 'None' } } }
        @{ Case = 'secret lifetime of 0 days'; ErrorId = 'S2S.InvalidSecretLifetime'; Command = 'New-ALOpsS2SApp'; Arguments = { @{ DisplayName = (New-Name); SecretLifetimeDays = 0 } } }
        @{ Case = 'generated certificate without a place for its key'; ErrorId = 'S2S.PfxPathRequired'; Command = 'New-ALOpsS2SApp'; Arguments = { @{ DisplayName = (New-Name); CredentialType = 'Certificate' } } }
        @{ Case = 'unknown permission name'; ErrorId = 'S2S.UnknownPermission'; Command = 'Grant-ALOpsS2SPermission'; Message = 'API\.ReadWrite\.All'; Arguments = { @{ ClientId = $script:Target.ClientId; Permission = 'API.ReadWrite.Everything' } } }
        @{ Case = 'malformed client id'; ErrorId = 'S2S.InvalidClientId'; Command = 'Grant-ALOpsS2SPermission'; Arguments = { @{ ClientId = 'ALOps CI' } } }
        @{ Case = 'client id not in the tenant'; ErrorId = 'S2S.AppNotFound'; Command = 'Grant-ALOpsS2SPermission'; Arguments = { @{ ClientId = [guid]::NewGuid().ToString() } } }
    ) {
        $arguments = & $Arguments
        $failure = $null
        try { & $Command @arguments -ErrorAction Stop | Out-Null } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike "$ErrorId,ALOps.S2S.Commands.*"
        $failure.TargetObject | Should -Not -BeNullOrEmpty
        $failure.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        if ($Message) { $failure.Exception.Message | Should -Match $Message }
        Get-GraphWrites | Should -BeNullOrEmpty -Because 'bad input changes nothing'
    }

    It 'names a tenant without Business Central' {
        $operator = New-TestSecret
        $fabrikamApp = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant 'fabrikam.onmicrosoft.com' -DisplayName 'Fabrikam operator' -SecretText $operator -GraphRole 'Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All'
        $fabrikam = Connect-ALOpsS2S -TenantId 'fabrikam.onmicrosoft.com' -ClientId $fabrikamApp.appId -ClientSecret (ConvertTo-SecureString $operator -AsPlainText -Force)
        try {
            $app = New-ALOpsS2SApp -DisplayName (New-Name) -Connection $fabrikam
            Clear-Log
            { $app | Grant-ALOpsS2SPermission -Connection $fabrikam -ErrorAction Stop } | Should -Throw -ErrorId 'S2S.BusinessCentralNotInTenant,ALOps.S2S.Commands.GrantS2SPermissionCommand'
            Get-GraphWrites | Should -BeNullOrEmpty
        }
        finally { Connect-Admin | Out-Null }
    }

    It 'creates nothing from objects that merely have a Name' {
        Clear-Log
        { Get-Process -Id $PID | New-ALOpsS2SApp -ErrorAction Stop } | Should -Throw
        { 42 | New-ALOpsS2SApp -ErrorAction Stop } | Should -Throw
        Get-GraphWrites | Should -BeNullOrEmpty
    }

    # Issue 15: another tenant is a customer's, where only a multitenant app can be consented (Partner.Tests.ps1).
    It 'refuses to grant a single-tenant app in another tenant, and writes nothing' {
        $fake = [pscustomobject]@{ TenantId = [guid]::NewGuid().ToString(); ClientId = $script:Target.ClientId }
        Clear-Log
        { $fake | Grant-ALOpsS2SPermission -ErrorAction Stop } | Should -Throw -ErrorId 'S2S.AppNotMultiTenant,ALOps.S2S.Commands.GrantS2SPermissionCommand'
        Get-GraphWrites | Should -BeNullOrEmpty
    }
}

# Last in this file: a Graph found without $batch is remembered for the rest of the process.
Describe 'New | Grant against a Graph without $batch' {
    BeforeAll { Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ graphBatch = $false } | Out-Null }
    AfterAll { Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ graphBatch = $true } | Out-Null }

    It 'creates, grants and re-runs without a write, asking for $batch once' {
        $name = New-Name
        Clear-Log
        $first = New-ALOpsS2SApp -DisplayName $name | Grant-ALOpsS2SPermission
        $again = New-ALOpsS2SApp -DisplayName $name | Grant-ALOpsS2SPermission
        $log = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear)

        $first.NewlyGranted | Sort-Object | Should -Be @('API.ReadWrite.All', 'Automation.ReadWrite.All')
        $again.NewlyGranted | Should -BeNullOrEmpty
        $again.ServicePrincipalId | Should -Be $first.ServicePrincipalId
        @($log | Where-Object { $_.path -like '*/$batch' }).status | Should -Be 404
        @($log | Where-Object { $_.PSObject.Properties['batch'] -and $_.batch }) | Should -BeNullOrEmpty
    }
}
