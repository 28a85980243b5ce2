#Requires -Modules Pester
<#
    Bad input, all cmdlets, one table: every malformed value gives an error with a stable id — an 'S2S.*' id from the
    module, or one of PowerShell's documented parameter-binding ids where binding rightly refuses the value — and
    changes nothing (no POST/PATCH/PUT/DELETE reaches the emulated Graph or Business Central).
#>

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId

    # PowerShell's own ids for values binding refuses (about_Parameter_Binding / ParameterBindingException).
    $script:BindingIds = '^(ParameterArgumentValidationError\w*|ParameterArgumentTransformationError\w*|ParameterBindingFailed|MissingArgument|AmbiguousParameterSet|InputObjectNotBound|CannotConvertArgument\w*|NamedParameterNotFound|PositionalParameterNotFound|MissingMandatoryParameter|ParameterArgumentValidationErrorEmptyStringNotAllowed|ParameterArgumentValidationErrorNullNotAllowed),'

    Connect-S2STestPerson -Emulator $script:Emulator | Out-Null
    # Objects the rows use: an existing app, fresh ids, a secret, files.
    $script:App = New-ALOpsS2SApp -DisplayName "BadInput $([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $script:Unknown = [guid]::NewGuid().ToString()
    $script:Secret = ConvertTo-SecureString (New-TestSecret) -AsPlainText -Force
    $script:TextFile = Join-Path $TestDrive 'not-a-certificate.pfx'
    Set-Content -LiteralPath $script:TextFile -Value 'this is not a certificate'
    $script:Missing = Join-Path $TestDrive 'missing' 'nothing.pfx'
    $script:ExpiredCert = New-TestCertificate -Expired
    $script:Long = 'x' * 5000
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Malformed input' {
    It '<Cmdlet>: <Case>' -ForEach @(
        # New-ALOpsS2SApp
        @{ Cmdlet = 'New'; Case = 'empty display name'; Script = { New-ALOpsS2SApp -DisplayName '' } }
        @{ Cmdlet = 'New'; Case = 'whitespace display name'; Script = { New-ALOpsS2SApp -DisplayName '   ' } }
        @{ Cmdlet = 'New'; Case = 'display name of 5000 characters'; Script = { New-ALOpsS2SApp -DisplayName $script:Long } }
        @{ Cmdlet = 'New'; Case = 'display name with a control character'; Script = { New-ALOpsS2SApp -DisplayName "ALOps`0CI" } }
        @{ Cmdlet = 'New'; Case = 'client id that is no GUID'; Script = { New-ALOpsS2SApp -ClientId 'not-a-guid' } }
        @{ Cmdlet = 'New'; Case = 'empty GUID as client id'; Script = { New-ALOpsS2SApp -ClientId '00000000-0000-0000-0000-000000000000' } }
        @{ Cmdlet = 'New'; Case = 'client id of no app'; Script = { New-ALOpsS2SApp -ClientId $script:Unknown } }
        @{ Cmdlet = 'New'; Case = 'secret lifetime 0 days'; Script = { New-ALOpsS2SApp -DisplayName 'x' -SecretLifetimeDays 0 } }
        @{ Cmdlet = 'New'; Case = 'negative secret lifetime'; Script = { New-ALOpsS2SApp -DisplayName 'x' -SecretLifetimeDays -5 } }
        @{ Cmdlet = 'New'; Case = 'secret lifetime of 100000 days'; Script = { New-ALOpsS2SApp -DisplayName 'x' -SecretLifetimeDays 100000 } }
        @{ Cmdlet = 'New'; Case = 'unknown credential type'; Script = { New-ALOpsS2SApp -DisplayName 'x' -CredentialType Bogus } }
        @{ Cmdlet = 'New'; Case = 'certificate file that does not exist'; Script = { New-ALOpsS2SApp -DisplayName 'x' -CredentialType Certificate -CertificatePath $script:Missing } }
        @{ Cmdlet = 'New'; Case = 'certificate file that is text'; Script = { New-ALOpsS2SApp -DisplayName 'x' -CredentialType Certificate -CertificatePath $script:TextFile } }
        @{ Cmdlet = 'New'; Case = 'expired certificate'; Script = { New-ALOpsS2SApp -DisplayName 'x' -CredentialType Certificate -Certificate $script:ExpiredCert } }
        @{ Cmdlet = 'New'; Case = 'certificate lifetime 0 days'; Script = { New-ALOpsS2SApp -DisplayName 'x' -CredentialType Certificate -CertificateLifetimeDays 0 -PfxPath (Join-Path $TestDrive 'a.pfx') -CertificatePassword $script:Secret } }
        @{ Cmdlet = 'New'; Case = 'PFX path that is a folder'; Script = { New-ALOpsS2SApp -DisplayName 'x' -CredentialType Certificate -PfxPath $TestDrive -CertificatePassword $script:Secret } }
        @{ Cmdlet = 'New'; Case = 'PFX path of an existing file'; Script = { New-ALOpsS2SApp -DisplayName 'x' -CredentialType Certificate -PfxPath $script:TextFile -CertificatePassword $script:Secret } }
        @{ Cmdlet = 'New'; Case = 'federated issuer that is no URL'; Script = { New-ALOpsS2SApp -DisplayName 'x' -FederatedIssuer 'not a url' -FederatedSubject 'repo:o/r:ref:refs/heads/main' } }
        @{ Cmdlet = 'New'; Case = 'federated issuer over http'; Script = { New-ALOpsS2SApp -DisplayName 'x' -FederatedIssuer 'http://issuer.example' -FederatedSubject 'sub' } }
        @{ Cmdlet = 'New'; Case = 'empty federated subject'; Script = { New-ALOpsS2SApp -DisplayName 'x' -FederatedIssuer 'https://token.actions.githubusercontent.com' -FederatedSubject '' } }
        @{ Cmdlet = 'New'; Case = 'GitHub repository without owner'; Script = { New-ALOpsS2SApp -DisplayName 'x' -GitHubRepository 'noslash' } }
        @{ Cmdlet = 'New'; Case = 'null piped in'; Script = { $null | New-ALOpsS2SApp } }
        # Grant-ALOpsS2SPermission
        @{ Cmdlet = 'Grant'; Case = 'client id that is no GUID'; Script = { Grant-ALOpsS2SPermission -ClientId 'xyz' } }
        @{ Cmdlet = 'Grant'; Case = 'client id of no app'; Script = { Grant-ALOpsS2SPermission -ClientId $script:Unknown } }
        @{ Cmdlet = 'Grant'; Case = 'unknown permission'; Script = { Grant-ALOpsS2SPermission -ClientId $script:App.ClientId -Permission 'Bogus.ReadWrite.All' } }
        @{ Cmdlet = 'Grant'; Case = 'empty permission'; Script = { Grant-ALOpsS2SPermission -ClientId $script:App.ClientId -Permission '' } }
        @{ Cmdlet = 'Grant'; Case = 'no permission at all'; Script = { Grant-ALOpsS2SPermission -ClientId $script:App.ClientId -Permission @() } }
        @{ Cmdlet = 'Grant'; Case = 'permission of 5000 characters'; Script = { Grant-ALOpsS2SPermission -ClientId $script:App.ClientId -Permission $script:Long } }
        @{ Cmdlet = 'Grant'; Case = 'a string piped in'; Script = { 'ALOps CI' | Grant-ALOpsS2SPermission } }
        @{ Cmdlet = 'Grant'; Case = 'a piped object with a bad client id'; Script = { [pscustomobject]@{ ClientId = 'bad' } | Grant-ALOpsS2SPermission } }
        # Register-ALOpsBcClient
        @{ Cmdlet = 'Register'; Case = 'client id that is no GUID'; Script = { Register-ALOpsBcClient -ClientId 'nope' -Environment Production } }
        @{ Cmdlet = 'Register'; Case = 'empty environment name'; Script = { Register-ALOpsBcClient -ClientId $script:App.ClientId -Environment '' } }
        @{ Cmdlet = 'Register'; Case = 'whitespace environment name'; Script = { Register-ALOpsBcClient -ClientId $script:App.ClientId -Environment ' ' } }
        @{ Cmdlet = 'Register'; Case = 'unknown environment'; Script = { Register-ALOpsBcClient -ClientId $script:App.ClientId -Environment 'NoSuchEnvironment' } }
        @{ Cmdlet = 'Register'; Case = 'environment name with URL characters'; Script = { Register-ALOpsBcClient -ClientId $script:App.ClientId -Environment 'Prod/../x?y' } }
        @{ Cmdlet = 'Register'; Case = 'environment name of 5000 characters'; Script = { Register-ALOpsBcClient -ClientId $script:App.ClientId -Environment $script:Long } }
        @{ Cmdlet = 'Register'; Case = 'empty permission set'; Script = { Register-ALOpsBcClient -ClientId $script:App.ClientId -Environment Production -PermissionSet '' } }
        @{ Cmdlet = 'Register'; Case = 'description over 50 characters'; Script = { Register-ALOpsBcClient -ClientId $script:App.ClientId -Environment Production -Description ('d' * 51) } }
        @{ Cmdlet = 'Register'; Case = 'zero wait timeout'; Script = { Register-ALOpsBcClient -ClientId $script:App.ClientId -Environment Production -Wait -Timeout ([timespan]::Zero) } }
        @{ Cmdlet = 'Register'; Case = 'negative wait timeout'; Script = { Register-ALOpsBcClient -ClientId $script:App.ClientId -Environment Production -Wait -Timeout ([timespan]::FromSeconds(-1)) } }
        @{ Cmdlet = 'Register'; Case = 'a process piped in'; Script = { Get-Process -Id $PID | Register-ALOpsBcClient -Environment Production } }
        # Test-ALOpsS2S
        @{ Cmdlet = 'Test'; Case = 'tenant name with spaces'; Script = { Test-ALOpsS2S -TenantId 'not a tenant!' -ClientId $script:Unknown -ClientSecret $script:Secret } }
        @{ Cmdlet = 'Test'; Case = 'client id that is no GUID'; Script = { Test-ALOpsS2S -TenantId $script:TenantId -ClientId 'abc' -ClientSecret $script:Secret } }
        @{ Cmdlet = 'Test'; Case = 'negative expiry warning days'; Script = { Test-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.ClientId -ClientSecret $script:Secret -ExpiryWarningDays -1 } }
        @{ Cmdlet = 'Test'; Case = 'empty environment name'; Script = { Test-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.ClientId -ClientSecret $script:Secret -Environment '' } }
        @{ Cmdlet = 'Test'; Case = 'no credential'; Script = { Test-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.ClientId } }
        @{ Cmdlet = 'Test'; Case = 'certificate file that does not exist'; Script = { Test-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.ClientId -CertificatePath $script:Missing } }
        @{ Cmdlet = 'Test'; Case = 'unknown permission'; Script = { Test-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.ClientId -ClientSecret $script:Secret -Permission 'Nope.All' } }
        @{ Cmdlet = 'Test'; Case = 'a number piped in'; Script = { 42 | Test-ALOpsS2S } }
        @{ Cmdlet = 'Test'; Case = 'throttle limit of 0'; Script = { Test-ALOpsS2S -TenantId $script:TenantId -ClientId $script:App.ClientId -ClientSecret $script:Secret -ThrottleLimit 0 } }
        @{ Cmdlet = 'Register'; Case = 'throttle limit of 1025'; Script = { Register-ALOpsBcClient -ClientId $script:App.ClientId -Environment Production -ThrottleLimit 1025 } }
        @{ Cmdlet = 'Register'; Case = 'a row whose tenant is no tenant'; Script = { [pscustomobject]@{ TenantId = 'not a tenant!'; ClientId = $script:App.ClientId; Environment = 'Production' } | Register-ALOpsBcClient } }
        # Connect-ALOpsS2S (writes nothing anywhere; binding and validation must still give stable ids)
        @{ Cmdlet = 'Connect'; Case = 'empty tenant'; Script = { Connect-ALOpsS2S -TenantId '' -UseDeviceCode } }
        @{ Cmdlet = 'Connect'; Case = 'tenant name with spaces'; Script = { Connect-ALOpsS2S -TenantId 'bad tenant name' -UseDeviceCode } }
        @{ Cmdlet = 'Connect'; Case = 'tenant of 300 characters'; Script = { Connect-ALOpsS2S -TenantId ('t' * 300) -UseDeviceCode } }
        @{ Cmdlet = 'Connect'; Case = 'client id that is no GUID'; Script = { Connect-ALOpsS2S -TenantId $script:TenantId -ClientId 'notaguid' -ClientSecret $script:Secret } }
        @{ Cmdlet = 'Connect'; Case = 'unknown cloud name'; Script = { Connect-ALOpsS2S -TenantId $script:TenantId -UseDeviceCode -Cloud 'Mars' } }
        @{ Cmdlet = 'Connect'; Case = 'empty certificate thumbprint'; Script = { Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $script:Unknown -CertificateThumbprint '' } }
        @{ Cmdlet = 'Connect'; Case = 'certificate thumbprint that is not hex'; Script = { Connect-ALOpsS2S -TenantId $script:TenantId -ClientId $script:Unknown -CertificateThumbprint 'zz-not-hex' } }
    ) {
        $before = Get-ALOpsS2SConnection
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $results = try { & $Script -ErrorAction Continue -WarningAction SilentlyContinue 2>&1 } catch { $_ }
        $records = @($results | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $records.Count | Should -BeGreaterThan 0 -Because 'malformed input is an error'
        foreach ($record in $records) {
            $id = $record.FullyQualifiedErrorId
            ($id -match '^S2S\.' -or $id -match $script:BindingIds) | Should -BeTrue -Because "'$id' ($($record.Exception.Message)) should be a stable S2S.* or binding id"
        }
        Get-S2STestWrites -Emulator $script:Emulator | Should -BeNullOrEmpty -Because 'bad input changes nothing'
        # A failed Connect leaves the previous connection in place.
        (Get-ALOpsS2SConnection).Account | Should -Be $before.Account
    }
}
