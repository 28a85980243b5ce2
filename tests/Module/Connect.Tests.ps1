#Requires -Modules Pester
# Connect-ALOpsS2S, Get-ALOpsS2SConnection and Disconnect-ALOpsS2S against the emulator: every operator mode,
# the HTTP trace, and the bad-input table of the walking skeleton.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Connect-ALOpsS2S as a service principal' {
    BeforeAll {
        $script:Secret = New-TestSecret
        $script:App = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Operator (secret)' `
            -SecretText $script:Secret -GraphRole 'Application.ReadWrite.All'
    }

    It 'signs in with a client secret and shows who, where and until when' {
        $connection = Connect-ALOpsS2S -TenantId 'contoso.onmicrosoft.com' -ClientId $script:App.appId -ClientSecret (ConvertTo-SecureString $script:Secret -AsPlainText -Force)
        $connection.TenantId | Should -Be $script:TenantId
        $connection.TenantDomain | Should -Be 'contoso.onmicrosoft.com'
        $connection.AccountType | Should -Be 'ServicePrincipal'
        $connection.Account | Should -Be $script:App.appId
        $connection.Mode | Should -Be 'ClientSecret'
        $connection.GraphTokenExpiresOn | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        (Get-ALOpsS2SConnection).Account | Should -Be $script:App.appId
    }

    It 'never exposes the secret or a token on the connection object' {
        $connection = Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.appId -ClientSecret (ConvertTo-SecureString $script:Secret -AsPlainText -Force)
        $text = ($connection | Format-List * | Out-String) + ($connection | ConvertTo-Json -Depth 4) + "$connection"
        $text | Should -Not -Match ([regex]::Escape($script:Secret))
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]+\.eyJ'
    }

    It 'traces each HTTP call on the verbose stream, redacted' {
        $verbose = Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.appId -ClientSecret (ConvertTo-SecureString $script:Secret -AsPlainText -Force) -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $trace = $verbose | Where-Object { $_ -match '^HTTP POST https://127\.0\.0\.1:\d+/[^ ]+/oauth2/v2\.0/token -> 200 ' }
        $trace | Should -Not -BeNullOrEmpty
        $trace | Should -Match 'in \d+ ms \(request id [0-9a-f-]{36}\)'
        ($verbose -join "`n") | Should -Not -Match ([regex]::Escape($script:Secret))
    }

    It 'signs in with a certificate object' {
        $cert = New-TestCertificate
        $app = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Operator (certificate)' -Certificate $cert
        $connection = Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $app.appId -Certificate $cert
        $connection.Mode | Should -Be 'Certificate'
        $connection.Account | Should -Be $app.appId
    }

    It 'signs in with a certificate from the personal store, by thumbprint' {
        $cert = New-TestCertificate
        $app = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Operator (store)' -Certificate $cert
        $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
        $store.Open('ReadWrite')
        try {
            $store.Add($cert)
            $connection = Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $app.appId -CertificateThumbprint $cert.Thumbprint
            $connection.Mode | Should -Be 'Certificate'
        }
        finally {
            $store.Remove($cert)
            $store.Close()
        }
    }

    It 'signs in with a federated token' {
        $subject = 'sc://contoso/ALOps/bc-s2s'
        $app = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Operator (federated)' `
            -FederatedIssuer $script:Emulator.testIssuer -FederatedSubject $subject
        $token = (Invoke-S2SEmulatorControl -Emulator $script:Emulator -Method Post -Path '/control/test-issuer/token' -Body @{ subject = $subject; audience = 'api://AzureADTokenExchange' }).token
        $connection = Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $app.appId -FederatedToken (ConvertTo-SecureString $token -AsPlainText -Force)
        $connection.Mode | Should -Be 'FederatedToken'
        $connection.Account | Should -Be $app.appId
    }

    It 'signs in with a managed identity' {
        $env:IDENTITY_ENDPOINT = $script:Emulator.managedIdentityEndpoint
        $env:IDENTITY_HEADER = $script:Emulator.managedIdentityHeader
        try {
            $connection = Connect-ALOpsS2S -ManagedIdentity
            $connection.AccountType | Should -Be 'ManagedIdentity'
            $connection.TenantId | Should -Be $script:TenantId
        }
        finally {
            Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER -ErrorAction SilentlyContinue
        }
    }

    It 'uses access tokens obtained elsewhere' {
        $token = Get-TestAppToken -Emulator $script:Emulator -Tenant $script:TenantId -ClientId $script:App.appId -Secret $script:Secret -Resource 'https://graph.microsoft.com'
        $connection = Connect-ALOpsS2S -GraphAccessToken (ConvertTo-SecureString $token -AsPlainText -Force)
        $connection.Mode | Should -Be 'AccessToken'
        $connection.TenantId | Should -Be $script:TenantId
        $connection.GraphTokenExpiresOn | Should -BeGreaterThan ([DateTimeOffset]::UtcNow)
        $connection.BusinessCentralTokenExpiresOn | Should -BeNullOrEmpty
    }
}

Describe 'Connect-ALOpsS2S as a person' {
    It 'signs in with a device code, told on the warning stream' {
        $warnings = $null
        $connection = Connect-ALOpsS2S -TenantId 'contoso.onmicrosoft.com' -UseDeviceCode -WarningVariable warnings -WarningAction SilentlyContinue
        $connection.AccountType | Should -Be 'User'
        $connection.Account | Should -Be 'admin@contoso.onmicrosoft.com'
        $connection.Mode | Should -Be 'DeviceCode'
        ($warnings -join "`n") | Should -Match 'code'
    }

    It 'falls back to a device code where no browser exists' {
        $saved = $env:DISPLAY, $env:WAYLAND_DISPLAY
        Remove-Item Env:DISPLAY, Env:WAYLAND_DISPLAY -ErrorAction SilentlyContinue
        try {
            $warnings = $null
            $connection = Connect-ALOpsS2S -TenantId 'contoso.onmicrosoft.com' -WarningVariable warnings -WarningAction SilentlyContinue
            $connection.AccountType | Should -Be 'User'
            ($warnings -join "`n") | Should -Match 'No web browser'
        }
        finally {
            if ($saved[0]) { $env:DISPLAY = $saved[0] }
            if ($saved[1]) { $env:WAYLAND_DISPLAY = $saved[1] }
        }
    }

    It 'falls back to a device code when the browser cannot start' -Skip:$IsWindows {
        $saved = $env:DISPLAY, $env:PATH
        $env:DISPLAY = ':99'
        $env:PATH = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'no-browser') -Force).FullName # no xdg-open, no browser
        try {
            $warnings = $null
            $connection = Connect-ALOpsS2S -TenantId 'contoso.onmicrosoft.com' -WarningVariable warnings -WarningAction SilentlyContinue
            $connection.AccountType | Should -Be 'User'
            ($warnings -join "`n") | Should -Match 'browser sign-in could not start'
        }
        finally { $env:DISPLAY, $env:PATH = $saved }
    }

    It 'Disconnect-ALOpsS2S forgets the sign-in' {
        Connect-ALOpsS2S -TenantId 'contoso.onmicrosoft.com' -UseDeviceCode -WarningAction SilentlyContinue | Out-Null
        Get-ALOpsS2SConnection | Should -Not -BeNullOrEmpty
        Disconnect-ALOpsS2S
        Get-ALOpsS2SConnection | Should -BeNullOrEmpty
        { Disconnect-ALOpsS2S } | Should -Not -Throw
    }
}

Describe 'Connect-ALOpsS2S bad input' {
    BeforeAll {
        $script:Secret = New-TestSecret
        $script:App = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Operator (bad input)' -SecretText $script:Secret
        $script:Expired = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Operator (expired)' `
            -SecretText $script:Secret -SecretEndDateTime ([DateTime]::UtcNow.AddDays(-1))
        $script:NoKey = New-TestCertificate -WithoutPrivateKey
    }

    BeforeEach {
        # A good connection first: a failed Connect must leave it untouched (nothing half-connected).
        $script:Good = Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.appId -ClientSecret (ConvertTo-SecureString $script:Secret -AsPlainText -Force)
    }

    It '<Case> fails with <ErrorId>' -ForEach @(
        @{ Case = 'unknown tenant GUID'; ErrorId = 'S2S.TenantNotFound'; Arguments = { @{ TenantId = '11111111-2222-3333-4444-555555555555'; ClientId = $script:App.appId; ClientSecret = (ConvertTo-SecureString $script:Secret -AsPlainText -Force) } } }
        @{ Case = 'unknown tenant domain'; ErrorId = 'S2S.TenantNotFound'; Arguments = { @{ TenantId = 'nosuchtenant.onmicrosoft.com'; ClientId = $script:App.appId; ClientSecret = (ConvertTo-SecureString $script:Secret -AsPlainText -Force) } } }
        @{ Case = 'unknown client id'; ErrorId = 'S2S.ClientNotFound'; Arguments = { @{ TenantId = $script:TenantId; ClientId = [guid]::NewGuid().ToString(); ClientSecret = (ConvertTo-SecureString $script:Secret -AsPlainText -Force) } } }
        @{ Case = 'wrong secret'; ErrorId = 'S2S.InvalidClientSecret'; Arguments = { @{ TenantId = $script:TenantId; ClientId = $script:App.appId; ClientSecret = (ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force) } } }
        @{ Case = 'secret id instead of value'; ErrorId = 'S2S.InvalidClientSecret'; Message = 'secret.s ID'; Arguments = { @{ TenantId = $script:TenantId; ClientId = $script:App.appId; ClientSecret = (ConvertTo-SecureString ([guid]::NewGuid().ToString()) -AsPlainText -Force) } } }
        @{ Case = 'expired secret'; ErrorId = 'S2S.ClientSecretExpired'; Arguments = { @{ TenantId = $script:TenantId; ClientId = $script:Expired.appId; ClientSecret = (ConvertTo-SecureString $script:Secret -AsPlainText -Force) } } }
        @{ Case = 'certificate without private key'; ErrorId = 'S2S.CertificateWithoutPrivateKey'; Arguments = { @{ TenantId = $script:TenantId; ClientId = $script:App.appId; Certificate = $script:NoKey } } }
        @{ Case = 'thumbprint not in any store'; ErrorId = 'S2S.CertificateNotFound'; Arguments = { @{ TenantId = $script:TenantId; ClientId = $script:App.appId; CertificateThumbprint = ('AB' * 20) } } }
        @{ Case = 'malformed thumbprint'; ErrorId = 'S2S.InvalidCertificateThumbprint'; Arguments = { @{ TenantId = $script:TenantId; ClientId = $script:App.appId; CertificateThumbprint = 'xyz' } } }
        @{ Case = 'malformed tenant GUID'; ErrorId = 'S2S.InvalidTenantId'; Arguments = { @{ TenantId = '72f988bf-86f1-41af-91ab-2d7cd011db4'; ClientId = $script:App.appId; ClientSecret = (ConvertTo-SecureString $script:Secret -AsPlainText -Force) } } }
        @{ Case = 'empty tenant'; ErrorId = 'S2S.InvalidTenantId'; Arguments = { @{ TenantId = ' '; ClientId = $script:App.appId; ClientSecret = (ConvertTo-SecureString $script:Secret -AsPlainText -Force) } } }
        @{ Case = 'malformed client id'; ErrorId = 'S2S.InvalidClientId'; Arguments = { @{ TenantId = $script:TenantId; ClientId = 'my-app'; ClientSecret = (ConvertTo-SecureString $script:Secret -AsPlainText -Force) } } }
        @{ Case = 'custom cloud over http'; ErrorId = 'S2S.InvalidCloudEndpoint'; Arguments = { @{ TenantId = $script:TenantId; ClientId = $script:App.appId; ClientSecret = (ConvertTo-SecureString $script:Secret -AsPlainText -Force); Cloud = @{ AuthorityHost = 'http://login.example.com' } } } }
        @{ Case = 'custom cloud with a path'; ErrorId = 'S2S.InvalidCloudEndpoint'; Arguments = { @{ TenantId = $script:TenantId; ClientId = $script:App.appId; ClientSecret = (ConvertTo-SecureString $script:Secret -AsPlainText -Force); Cloud = @{ GraphEndpoint = 'https://graph.example.com/v1.0' } } } }
        @{ Case = 'access token that is not a JWT'; ErrorId = 'S2S.InvalidAccessToken'; Arguments = { @{ GraphAccessToken = (ConvertTo-SecureString 'not-a-token' -AsPlainText -Force) } } }
        @{ Case = 'access token for another resource'; ErrorId = 'S2S.AccessTokenAudienceMismatch'; Arguments = { @{ BusinessCentralAccessToken = (ConvertTo-SecureString (Get-TestAppToken -Emulator $script:Emulator -Tenant $script:TenantId -ClientId $script:App.appId -Secret $script:Secret -Resource 'https://graph.microsoft.com') -AsPlainText -Force) } } }
    ) {
        $arguments = & $Arguments
        $failure = $null
        try { Connect-ALOpsS2S @arguments -ErrorAction Stop | Out-Null } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty -Because 'bad input must fail'
        $failure.FullyQualifiedErrorId | Should -Be "$ErrorId,ALOps.S2S.Commands.ConnectS2SCommand"
        $failure.TargetObject | Should -Not -BeNullOrEmpty
        $failure.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $failure.Exception | Should -BeOfType ([ALOps.S2S.ALOpsS2SException])
        if ($Message) { $failure.Exception.Message | Should -Match $Message }
        $failure.Exception.Message | Should -Not -Match ([regex]::Escape($script:Secret))
        (Get-ALOpsS2SConnection).Account | Should -Be $script:Good.Account -Because 'a failed Connect leaves the previous connection in place'
    }

    It 'rejects an ALOPS_S2S_AUTHORITY_HOST that is not https' {
        $saved = $env:ALOPS_S2S_AUTHORITY_HOST
        $env:ALOPS_S2S_AUTHORITY_HOST = 'http://127.0.0.1:1'
        try {
            { Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.appId -ClientSecret (ConvertTo-SecureString $script:Secret -AsPlainText -Force) -ErrorAction Stop } |
                Should -Throw -ErrorId 'S2S.InvalidCloudEndpoint,ALOps.S2S.Commands.ConnectS2SCommand'
        }
        finally { $env:ALOPS_S2S_AUTHORITY_HOST = $saved }
    }

    It 'an unknown cloud name fails with S2S.UnknownCloud' {
        { Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.appId -ClientSecret (ConvertTo-SecureString $script:Secret -AsPlainText -Force) -Cloud 'Mars' -ErrorAction Stop } |
            Should -Throw -ErrorId 'S2S.UnknownCloud,ALOps.S2S.Commands.ConnectS2SCommand'
    }
}
