#Requires -Modules Pester
<#
    No secret leaves the module except where the user asked for it (the SecureString on the app object, the PFX file).

    A child pwsh runs representative flows — Connect (device code, secret, certificate, federated token, access token),
    New with a secret, -NewSecret, a generated certificate exported to PFX, a federated credential, Grant, Register,
    Test with a secret, a certificate file and a federated token, and failing sign-ins with a wrong secret — under
    Start-Transcript, -Verbose, -Debug ($DebugPreference = 'Continue', which carries MSAL's log) and
    $InformationPreference = 'Continue'. Its whole stdout/stderr, the transcript, every error record ($Error | Out-String)
    and every exception's ToString(), and every file written under the temp folder during the run are then searched for
    each secret the run created or used, the PFX password, the private key (PKCS#8 base64) and the PFX bytes (base64),
    and any JWT ('eyJ...'). The count must be zero.

    Child processes: the module starts none, so no secret can reach a command line (asserted by searching the source
    for Process.Start / ProcessStartInfo). MSAL may start the system browser for interactive sign-in with an
    authorization URL that carries no secret (PKCE challenge only); device code and the other modes start nothing.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId
    $script:Work = Join-Path $TestDrive 'secrets-run'
    $null = New-Item -ItemType Directory -Path $script:Work
    $script:Files = @{
        Transcript = Join-Path $script:Work 'transcript.txt'
        Secrets    = Join-Path $script:Work 'created-secrets.txt'
        Errors     = Join-Path $script:Work 'errors.txt'
        Pfx        = Join-Path $script:Work 'ci.pfx'
    }
    $emulatorJson = Join-Path $script:Emulator.StateDirectory 'emulator.json'
    $helpers = Join-Path $PSScriptRoot 'EmulatorHelpers.psm1'
    $testHelpers = Join-Path $PSScriptRoot 'S2STestHelpers.ps1'

    $flows = @"
Import-Module `$env:ALOPS_S2S_MODULE_PATH
Import-Module '$helpers'
. '$testHelpers'
`$Emulator = Get-Content -Raw '$emulatorJson' | ConvertFrom-Json
`$tenant = '$($script:TenantId)'
`$created = [System.Collections.Generic.List[string]]::new()
function Plain([securestring] `$s) { [System.Net.NetworkCredential]::new('', `$s).Password }
# The test's own helpers call Invoke-RestMethod, whose debug stream prints bodies (tokens included): not the module's output.
function Quiet([scriptblock] `$Script) { `$DebugPreference = 'SilentlyContinue'; `$VerbosePreference = 'SilentlyContinue'; & `$Script }
`$DebugPreference = 'Continue'; `$VerbosePreference = 'Continue'; `$InformationPreference = 'Continue'
Start-Transcript -Path '$($script:Files.Transcript)' | Out-Null
try {
    Quiet { Set-S2SEmulatorSetting -Emulator `$Emulator -Settings @{ deviceCodeUser = 'admin@contoso.onmicrosoft.com' } | Out-Null }
    Connect-ALOpsS2S -TenantId 'contoso.onmicrosoft.com' -UseDeviceCode -Verbose | Format-List * | Out-String
    Get-ALOpsS2SConnection | Format-List * | Out-String

    # New with a secret, then the whole chain.
    `$app = New-ALOpsS2SApp -DisplayName 'Secrets CI' -Verbose
    `$created.Add((Plain `$app.ClientSecret))
    `$app | Format-List * | Out-String
    `$app | Format-Table | Out-String
    `$app | Grant-ALOpsS2SPermission -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All -Verbose | Format-List * | Out-String
    `$app | Register-ALOpsBcClient -Environment Production -Verbose | Format-List * | Out-String
    Quiet { Register-S2SEmulatorEntraApp -Emulator `$Emulator -Tenant `$tenant -Environment Production -ClientId `$app.ClientId -Description `$app.DisplayName -PermissionSet 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN' | Out-Null }
    Test-ALOpsS2S -TenantId `$tenant -ClientId `$app.ClientId -ClientSecret `$app.ClientSecret -Environment Production -Verbose | Format-List * | Out-String

    # Rotation.
    `$rotated = New-ALOpsS2SApp -DisplayName 'Secrets CI' -NewSecret -Verbose
    `$created.Add((Plain `$rotated.ClientSecret))
    `$rotated | Format-List * | Out-String

    # A generated certificate exported to PFX.
    `$pfxPassword = New-TestSecret
    `$created.Add(`$pfxPassword)
    `$securePfx = ConvertTo-SecureString `$pfxPassword -AsPlainText -Force
    `$certApp = New-ALOpsS2SApp -DisplayName 'Secrets Cert' -CredentialType Certificate -PfxPath '$($script:Files.Pfx)' -CertificatePassword `$securePfx -Verbose
    `$certApp | Format-List * | Out-String
    `$certApp | Grant-ALOpsS2SPermission -Verbose | Format-List * | Out-String
    Test-ALOpsS2S -TenantId `$tenant -ClientId `$certApp.ClientId -CertificatePath '$($script:Files.Pfx)' -CertificatePassword `$securePfx -Verbose -ErrorAction Continue | Format-List * | Out-String
    `$certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new('$($script:Files.Pfx)', `$pfxPassword, 'Exportable')
    Connect-ALOpsS2S -TenantId `$tenant -ClientId `$certApp.ClientId -Certificate `$certificate -Verbose | Format-List * | Out-String
    Connect-ALOpsS2S -TenantId 'contoso.onmicrosoft.com' -UseDeviceCode -WarningAction SilentlyContinue | Out-Null

    # Federated.
    `$fedApp = New-ALOpsS2SApp -DisplayName 'Secrets Federated' -FederatedIssuer `$Emulator.testIssuer -FederatedSubject 'repo:contoso/ci:ref:refs/heads/main' -Verbose
    `$fedApp | Format-List * | Out-String
    `$fedApp | Grant-ALOpsS2SPermission -Verbose | Format-List * | Out-String
    `$federatedToken = Quiet { New-S2SEmulatorTestIssuerToken -Emulator `$Emulator -Subject 'repo:contoso/ci:ref:refs/heads/main' }
    `$created.Add(`$federatedToken)
    `$secureFederated = ConvertTo-SecureString `$federatedToken -AsPlainText -Force
    Test-ALOpsS2S -TenantId `$tenant -ClientId `$fedApp.ClientId -FederatedToken `$secureFederated -Verbose -ErrorAction Continue | Format-List * | Out-String
    Connect-ALOpsS2S -TenantId `$tenant -ClientId `$fedApp.ClientId -FederatedToken `$secureFederated -Verbose | Format-List * | Out-String

    # Connect with the app's secret and with an access token.
    Connect-ALOpsS2S -TenantId `$tenant -ClientId `$app.ClientId -ClientSecret `$app.ClientSecret -Verbose | Format-List * | Out-String
    `$graphToken = Quiet { Get-TestAppToken -Emulator `$Emulator -Tenant `$tenant -ClientId `$app.ClientId -Secret (Plain `$app.ClientSecret) -Resource 'https://graph.microsoft.com' }
    `$created.Add(`$graphToken)
    Connect-ALOpsS2S -TenantId `$tenant -GraphAccessToken (ConvertTo-SecureString `$graphToken -AsPlainText -Force) -Verbose | Format-List * | Out-String
    Get-ALOpsS2SConnection | Format-List * | Out-String

    # Failures: a wrong secret (shaped like a real one) in Test and Connect.
    `$wrong = New-TestSecret
    `$created.Add(`$wrong)
    `$secureWrong = ConvertTo-SecureString `$wrong -AsPlainText -Force
    Test-ALOpsS2S -TenantId `$tenant -ClientId `$app.ClientId -ClientSecret `$secureWrong -Environment Production -Verbose -ErrorAction Continue | Format-List * | Out-String
    try { Connect-ALOpsS2S -TenantId `$tenant -ClientId `$app.ClientId -ClientSecret `$secureWrong -Verbose } catch { `$_ | Format-List * -Force | Out-String; `$_.Exception.ToString() }
    try { Connect-ALOpsS2S -TenantId `$tenant -ClientId `$certApp.ClientId -FederatedToken `$secureFederated -Verbose } catch { `$_ | Format-List * -Force | Out-String; `$_.Exception.ToString() }
}
finally {
    Stop-Transcript | Out-Null
    `$created | Set-Content -LiteralPath '$($script:Files.Secrets)'
    ((`$Error | Out-String) + [Environment]::NewLine + ((`$Error | ForEach-Object { `$_.Exception.ToString() }) -join [Environment]::NewLine)) | Set-Content -LiteralPath '$($script:Files.Errors)'
    `$global:Error.Clear()
}
'done'
"@
    $script:Started = [DateTime]::UtcNow.AddSeconds(-1)
    # The child's temp folder is its own, so every file it writes there can be searched for any JWT too.
    $script:ChildTemp = Join-Path $TestDrive 'tmp'
    $null = New-Item -ItemType Directory -Path $script:ChildTemp
    $script:Run = Invoke-S2SChildPwsh -Script $flows -TimeoutSeconds 240 -Environment @{ TMPDIR = $script:ChildTemp; TMP = $script:ChildTemp; TEMP = $script:ChildTemp }
    if ($env:ALOPS_S2S_SECRETS_DEBUG) { $script:Run.Output | Set-Content $env:ALOPS_S2S_SECRETS_DEBUG }

    # What must never appear: every secret and token the run created, the PFX password, the key, the PFX bytes.
    $script:Needles = [System.Collections.Generic.List[string]]::new()
    if (Test-Path -LiteralPath $script:Files.Secrets) {
        Get-Content -LiteralPath $script:Files.Secrets | Where-Object { $_ } | ForEach-Object { $script:Needles.Add($_) }
    }
    if (Test-Path -LiteralPath $script:Files.Pfx) {
        $pfxBytes = [IO.File]::ReadAllBytes($script:Files.Pfx)
        $pfxBase64 = [Convert]::ToBase64String($pfxBytes)
        $passwordLine = @(Get-Content -LiteralPath $script:Files.Secrets)[2]
        $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($pfxBytes, $passwordLine, 'Exportable')
        $pkcs8 = [Convert]::ToBase64String([System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($cert).ExportPkcs8PrivateKey())
        foreach ($blob in $pfxBase64, $pkcs8) {
            foreach ($at in 0, 64, 256, 512) { if ($blob.Length -ge $at + 48) { $script:Needles.Add($blob.Substring($at, 48)) } }
        }
    }

    function script:Find-Leaks([string] $Text, [string] $Where, [switch] $NeedlesOnly) {
        foreach ($needle in $script:Needles) {
            if ($Text.Contains($needle)) { "$Where contains a secret starting '$($needle.Substring(0, 4))...'" }
        }
        if ($NeedlesOnly) { return }
        foreach ($match in [regex]::Matches($Text, 'eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}')) { "$Where contains a JWT '$($match.Value.Substring(0, 12))...'" }
    }
}

AfterAll {
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Secrets under transcript, verbose, debug and MSAL logging' {
    It 'runs every flow' {
        $script:Run.Error | Should -BeNullOrEmpty
        $script:Run.Result | Should -Be 'done'
        # One app secret, the rotated one, the PFX password, the federated token, a Graph token, the wrong secret.
        $script:Needles.Count | Should -BeGreaterOrEqual 6
        $output = $script:Run.Output -join "`n"
        $output | Should -Match 'HTTP POST .*/oauth2/v2.0/token' -Because 'verbose tracing was on'
        $output | Should -Match 'MSAL' -Because 'MSAL logs were forwarded to debug'
        (Get-Content -Raw -LiteralPath $script:Files.Transcript) | Should -Match 'Secrets CI'
    }

    It 'never shows them on any stream (stdout, stderr: output, verbose, debug, warning, information, progress, errors)' {
        @(Find-Leaks ($script:Run.Output -join "`n") 'the child process output') | Should -BeNullOrEmpty
    }

    It 'never writes them to the transcript' {
        @(Find-Leaks (Get-Content -Raw -LiteralPath $script:Files.Transcript) 'the transcript') | Should -BeNullOrEmpty
    }

    It 'never puts them in error records or exception texts' {
        $errors = Get-Content -Raw -LiteralPath $script:Files.Errors
        $errors | Should -Match 'S2S\.' -Because 'the failing sign-ins left error records'
        @(Find-Leaks $errors 'the error records') | Should -BeNullOrEmpty
    }

    It 'never writes them to a temp file (except the PFX the user asked for)' {
        $exclude = @($script:Files.Values | ForEach-Object { [IO.Path]::GetFullPath($_) })
        function Get-NewFiles([string] $Root) {
            # Regular files only: reading a named pipe or socket (dotnet diagnostics, CoreFxPipe_*) would block.
            $paths = if ($IsWindows) { Get-ChildItem -LiteralPath $Root -Recurse -File -Depth 4 -ErrorAction SilentlyContinue | ForEach-Object FullName }
                     else { & find $Root -maxdepth 5 -type f -size -5M 2>$null }
            foreach ($path in $paths) {
                $item = Get-Item -LiteralPath $path -ErrorAction SilentlyContinue
                if ($item -and $item.LastWriteTimeUtc -ge $script:Started -and $item.Length -lt 5MB -and $exclude -notcontains $item.FullName) { $item }
            }
        }
        function Read-Both($File) {
            $bytes = [IO.File]::ReadAllBytes($File.FullName)
            [Text.Encoding]::UTF8.GetString($bytes) + [Text.Encoding]::Unicode.GetString($bytes)
        }
        # The child's own temp folder and the emulator's state: no secret and no token at all.
        $own = @(Get-NewFiles $script:ChildTemp) + @(Get-NewFiles $script:Emulator.StateDirectory)
        $leaks = foreach ($file in $own) { Find-Leaks (Read-Both $file) $file.FullName }
        # The machine's temp folder (other processes write there too): none of this run's secrets.
        $shared = @(Get-NewFiles ([IO.Path]::GetTempPath()))
        $leaks += foreach ($file in $shared) { try { Find-Leaks (Read-Both $file) $file.FullName -NeedlesOnly } catch { } }
        @($leaks) | Should -BeNullOrEmpty
    }

    It 'keeps the exported PFX owner-only on Unix' -Skip:$IsWindows {
        (Get-Item -LiteralPath $script:Files.Pfx).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
    }

    It 'starts no child process that could carry a secret on its command line' {
        $sources = Get-ChildItem -Path (Join-Path $script:RepoRoot 'src') -Recurse -Filter *.cs | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
        @($sources | Select-String -Pattern 'Process\.Start|ProcessStartInfo|new Process\(') | Should -BeNullOrEmpty
    }
}
