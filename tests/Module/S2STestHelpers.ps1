# Test fixtures shared by the cmdlet tests: secrets, certificates and tokens made fresh for each run,
# and pointing the module at the emulator as a custom cloud (the way a user points it at a sovereign cloud).

function New-TestSecret {
    # Shaped like an Entra secret value (with '~'), random per run so a leak scan can look for it.
    $bytes = [byte[]]::new(30)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
    'T3st~' + ([Convert]::ToBase64String($bytes) -replace '[+/=]', 'x')
}

function New-TestCertificate {
    param([switch] $WithoutPrivateKey, [switch] $Expired, [int] $ValidDays = 30)
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new(
        "CN=ALOps S2S test $([guid]::NewGuid())", $rsa,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $notBefore, $notAfter = if ($Expired) { [DateTimeOffset]::UtcNow.AddDays(-30), [DateTimeOffset]::UtcNow.AddDays(-1) }
                            else { [DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset]::UtcNow.AddDays($ValidDays) }
    $cert = $request.CreateSelfSigned($notBefore, $notAfter)
    if ($WithoutPrivateKey) {
        return [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($cert.RawData)
    }
    # Round-trip through PKCS#12 so the key is usable by every platform's store and by MSAL.
    $password = New-TestSecret
    $pfx = $cert.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $password)
    [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($pfx, $password,
        [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::Exportable -bor [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::PersistKeySet)
}

function Get-TestAppToken {
    # A client-credentials token fetched directly from the emulator's token endpoint, as `az` would hand one over.
    param($Emulator, [string] $Tenant, [string] $ClientId, [string] $Secret, [string] $Resource)
    $body = @{ client_id = $ClientId; client_secret = $Secret; grant_type = 'client_credentials'; scope = "$Resource/.default" }
    (Invoke-RestMethod -Method Post -Uri "$($Emulator.authorityHost)/$Tenant/oauth2/v2.0/token" -Body $body -ContentType 'application/x-www-form-urlencoded').access_token
}

function Use-S2SEmulatorCloud {
    param($Emulator)
    $env:ALOPS_S2S_AUTHORITY_HOST = $Emulator.authorityHost
    $env:ALOPS_S2S_GRAPH_ENDPOINT = $Emulator.graphEndpoint
    $env:ALOPS_S2S_BC_ENDPOINT = $Emulator.businessCentralEndpoint
}

function Clear-S2SEmulatorCloud {
    Remove-Item Env:ALOPS_S2S_AUTHORITY_HOST, Env:ALOPS_S2S_GRAPH_ENDPOINT, Env:ALOPS_S2S_BC_ENDPOINT -ErrorAction SilentlyContinue
}

function Start-S2STestWorld {
    # The run's shared emulator, reset (or, when the run has none, an emulator of its own in StateDirectory), set as
    # the module's cloud; returns it and the contoso tenant id. Stop-S2SEmulator leaves a shared one running.
    param([Parameter(Mandatory)] [string] $StateDirectory)
    $emulator = Get-S2SSharedEmulator
    if (-not $emulator) { $emulator = Start-S2SEmulator -StateDirectory $StateDirectory }
    Use-S2SEmulatorCloud -Emulator $emulator
    $tenantId = (Get-S2SEmulatorSeed -Emulator $emulator).tenants.Where({ $_.domains -contains 'contoso.onmicrosoft.com' })[0].id
    [pscustomobject]@{ Emulator = $emulator; TenantId = $tenantId }
}

function Connect-S2STestPerson {
    # Signs a seeded user of contoso in (device code, approved by the emulator) as the operator.
    param([Parameter(Mandatory)] $Emulator, [string] $User = 'admin@contoso.onmicrosoft.com')
    Set-S2SEmulatorSetting -Emulator $Emulator -Settings @{ deviceCodeUser = $User } | Out-Null
    Connect-ALOpsS2S -TenantId 'contoso.onmicrosoft.com' -UseDeviceCode -WarningAction SilentlyContinue
}

function Get-S2STestWrites {
    # The write operations the emulated services received since the request log was last cleared (a $batch of reads is
    # a read; each operation inside a batch counts with its own method).
    param([Parameter(Mandatory)] $Emulator, [string[]] $ServiceHost = @('graph', 'bc'))
    @((Measure-S2SEmulatorRequest -Log @(Get-S2SEmulatorRequestLog -Emulator $Emulator)).WriteOperations | Where-Object host -In $ServiceHost)
}
