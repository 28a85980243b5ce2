#Requires -Modules Pester
# Coexistence with another MSAL in the same process. pwsh 7.6's PSResourceGet ships MSAL 4.73.1, a real
# conflicting copy; ours is 4.92.0. Each test runs in a FRESH child pwsh, so the order of loading is exactly
# the one the test states, and signs in against the emulator as a service principal.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force

    $script:OtherMsal = Join-Path $PSHOME 'Modules/Microsoft.PowerShell.PSResourceGet/dependencies/Microsoft.Identity.Client.dll'
    $script:OtherMsalVersion = [System.Reflection.AssemblyName]::GetAssemblyName($script:OtherMsal).Version.ToString(3)
    $script:OurMsalVersion = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $script:ModuleRoot 'dependencies/Microsoft.Identity.Client.dll')).Version.ToString(3)

    $script:Emulator = Start-S2SEmulator -StateDirectory (Join-Path $TestDrive 'emulator')
    $seed = Get-S2SEmulatorSeed -Emulator $script:Emulator
    $script:TenantId = ($seed.tenants | Where-Object { $_.domains -contains 'contoso.onmicrosoft.com' }).id

    $bytes = [byte[]]::new(30)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
    $script:Secret = 'Iso~' + ([Convert]::ToBase64String($bytes) -replace '[+/=]', 'x')
    $script:App = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Isolation operator' `
        -SecretText $script:Secret -GraphRole 'Application.ReadWrite.All'

    # A second operator app, for two connections side by side (ForEach-Object -Parallel).
    $bytes2 = [byte[]]::new(30)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes2)
    $script:Secret2 = 'Iso~' + ([Convert]::ToBase64String($bytes2) -replace '[+/=]', 'x')
    $script:App2 = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Isolation operator 2' `
        -SecretText $script:Secret2 -GraphRole 'Application.ReadWrite.All'

    # Another Graph SDK core and Kiota (older than ours), restored by build.ps1 from tools/coexistence/coexistence.csproj.
    $nuget = Join-Path $script:RepoRoot '.tools/nuget'
    $script:OtherGraphCore = Join-Path $nuget 'microsoft.graph.core/3.2.4/lib/netstandard2.0/Microsoft.Graph.Core.dll'
    $script:OtherKiota = @(Get-ChildItem -Path (Join-Path $nuget 'microsoft.kiota.abstractions/1.*/lib/netstandard2.0/Microsoft.Kiota.Abstractions.dll') -ErrorAction SilentlyContinue)[0].FullName

    # What every child gets: the emulator as a custom cloud, the app, and the other MSAL's path.
    $script:ChildEnvironment = @{
        S2S_TEST_CLIENT_ID2      = $script:App2.appId
        S2S_TEST_SECRET2         = $script:Secret2
        S2S_TEST_OTHER_GRAPH     = $script:OtherGraphCore
        S2S_TEST_OTHER_KIOTA     = $script:OtherKiota
        ALOPS_S2S_AUTHORITY_HOST = $script:Emulator.authorityHost
        ALOPS_S2S_GRAPH_ENDPOINT = $script:Emulator.graphEndpoint
        ALOPS_S2S_BC_ENDPOINT    = $script:Emulator.businessCentralEndpoint
        S2S_TEST_TENANT          = $script:TenantId
        S2S_TEST_CLIENT_ID       = $script:App.appId
        S2S_TEST_SECRET          = $script:Secret
        S2S_TEST_OTHER_MSAL      = $script:OtherMsal
    }

    # Shared by the child scripts: sign in, and report every loaded MSAL with its load context.
    $script:ChildFunctions = @'
function Connect-AsTestApp {
    $secret = ConvertTo-SecureString $env:S2S_TEST_SECRET -AsPlainText -Force
    Connect-ALOpsS2S -TenantId $env:S2S_TEST_TENANT -ClientId $env:S2S_TEST_CLIENT_ID -ClientSecret $secret
}
function Get-LoadedMsal {
    foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) {
        if ($a.GetName().Name -eq 'Microsoft.Identity.Client') {
            @{ Version = $a.GetName().Version.ToString(3); Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).Name; Location = $a.Location }
        }
    }
}
function New-OtherMsalClient {
    # Resolved by PowerShell from the default context, i.e. the other MSAL.
    [Microsoft.Identity.Client.ConfidentialClientApplicationBuilder]::Create([guid]::NewGuid().ToString()).WithClientSecret([guid]::NewGuid().ToString()).Build()
}
function Get-LoadedGraphCore {
    foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) {
        if ($a.GetName().Name -in 'Microsoft.Graph.Core', 'Microsoft.Kiota.Abstractions') {
            @{ Name = $a.GetName().Name; Version = $a.GetName().Version.ToString(3); Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).Name }
        }
    }
}
function New-TestApp([string] $Prefix) {
    New-ALOpsS2SApp -DisplayName "$Prefix $([guid]::NewGuid().ToString('N').Substring(0, 8))" -CredentialType None -WarningAction SilentlyContinue
}
function Get-ConnectionSummary($c) {
    @{ TenantId = [string]$c.TenantId; Account = [string]$c.Account; Mode = [string]$c.Mode; ExpiresOn = [string]$c.GraphTokenExpiresOn }
}
'@
}

AfterAll {
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Another MSAL in the session' {
    It 'has a different MSAL than ours at hand (PSResourceGet''s copy)' {
        $script:OtherMsal | Should -Exist
        $script:OtherMsalVersion | Should -Not -Be $script:OurMsalVersion
    }

    It 'signs in when the other MSAL was loaded first, and each MSAL stays in its own context' {
        $run = Invoke-S2SChildPwsh -Environment $script:ChildEnvironment -Script ($script:ChildFunctions + "`n" + {
                Add-Type -Path $env:S2S_TEST_OTHER_MSAL
                Import-Module $env:ALOPS_S2S_MODULE_PATH
                $connection = Connect-AsTestApp
                # The other MSAL still serves its own callers after ours is loaded. (PSResourceGet's copy is its
                # .NET Framework build, whose public-client Build() needs WinForms: use a confidential client.)
                $other = New-OtherMsalClient
                @{
                    Connection      = Get-ConnectionSummary $connection
                    Msal            = @(Get-LoadedMsal)
                    OtherAppVersion = $other.GetType().Assembly.GetName().Version.ToString(3)
                    OtherAppBuilt   = $null -ne $other
                }
            })
        $run.Error | Should -BeNullOrEmpty
        $run.Result.Connection.TenantId | Should -Be $script:TenantId
        $run.Result.Connection.Account | Should -Be $script:App.appId
        $run.Result.Connection.Mode | Should -Be 'ClientSecret'
        $msal = @($run.Result.Msal)
        $msal | Should -HaveCount 2
        ($msal | Where-Object Version -eq $script:OtherMsalVersion).Context | Should -Be 'Default'
        ($msal | Where-Object Version -eq $script:OurMsalVersion).Context | Should -Be 'ALOps.S2S'
        ($msal | Where-Object Version -eq $script:OurMsalVersion).Location | Should -BeLike "$(Join-Path $script:ModuleRoot 'dependencies')*"
        $run.Result.OtherAppVersion | Should -Be $script:OtherMsalVersion
        $run.Result.OtherAppBuilt | Should -BeTrue
    }

    It 'keeps working when the other MSAL is loaded after ours' {
        $run = Invoke-S2SChildPwsh -Environment $script:ChildEnvironment -Script ($script:ChildFunctions + "`n" + {
                Import-Module $env:ALOPS_S2S_MODULE_PATH
                $first = Connect-AsTestApp
                Add-Type -Path $env:S2S_TEST_OTHER_MSAL
                $other = New-OtherMsalClient
                $current = Get-ALOpsS2SConnection
                $second = Connect-AsTestApp
                @{
                    First           = Get-ConnectionSummary $first
                    Current         = Get-ConnectionSummary $current
                    Second          = Get-ConnectionSummary $second
                    Msal            = @(Get-LoadedMsal)
                    OtherAppVersion = $other.GetType().Assembly.GetName().Version.ToString(3)
                }
            })
        $run.Error | Should -BeNullOrEmpty
        $run.Result.First.Account | Should -Be $script:App.appId
        $run.Result.Current.Account | Should -Be $script:App.appId
        $run.Result.Second.Account | Should -Be $script:App.appId
        $run.Result.Second.Mode | Should -Be 'ClientSecret'
        $run.Result.OtherAppVersion | Should -Be $script:OtherMsalVersion
        $msal = @($run.Result.Msal)
        $msal | Should -HaveCount 2
        ($msal | Where-Object Version -eq $script:OtherMsalVersion).Context | Should -Be 'Default'
        ($msal | Where-Object Version -eq $script:OurMsalVersion).Context | Should -Be 'ALOps.S2S'
    }

    It 'signs in after PSResourceGet itself has been used' {
        $run = Invoke-S2SChildPwsh -Environment $script:ChildEnvironment -Script ($script:ChildFunctions + "`n" + {
                Import-Module Microsoft.PowerShell.PSResourceGet
                $null = Get-PSResourceRepository
                Import-Module $env:ALOPS_S2S_MODULE_PATH
                $connection = Connect-AsTestApp
                @{ Connection = Get-ConnectionSummary $connection; Msal = @(Get-LoadedMsal) }
            })
        $run.Error | Should -BeNullOrEmpty
        $run.Result.Connection.Account | Should -Be $script:App.appId
        @($run.Result.Msal | Where-Object Context -eq 'ALOps.S2S') | Should -HaveCount 1
    }
}

Describe 'Code compiled ahead' {
    It 'loads the engine, MSAL and the trimmed Microsoft.Graph compiled ahead for this platform (linux-x64, win-x64)' {
        $run = Invoke-S2SChildPwsh -Environment $script:ChildEnvironment -Script ($script:ChildFunctions + "`n" + {
                Import-Module $env:ALOPS_S2S_MODULE_PATH
                $connection = Connect-AsTestApp
                $null = New-ALOpsS2SApp -DisplayName "Compiled ahead $([guid]::NewGuid().ToString('N').Substring(0, 8))" -WhatIf
                $loaded = foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) {
                    if ($a.GetName().Name -in 'ALOps.S2S.Core', 'Microsoft.Identity.Client', 'Microsoft.Graph') {
                        @{ Name = $a.GetName().Name; Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).Name; Location = $a.Location }
                    }
                }
                @{ Connection = Get-ConnectionSummary $connection; Loaded = @($loaded) }
            })
        $run.Error | Should -BeNullOrEmpty
        $run.Result.Connection.Account | Should -Be $script:App.appId
        $arch = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture
        $platform = if ($arch -eq 'X64' -and $IsLinux) { 'linux-x64' } elseif ($arch -eq 'X64' -and $IsWindows) { 'win-x64' }
        $dependencies = Join-Path $script:ModuleRoot 'dependencies'
        $expected = if ($platform) { Join-Path $dependencies "readytorun/$platform" } else { $dependencies }
        foreach ($name in 'ALOps.S2S.Core', 'Microsoft.Identity.Client', 'Microsoft.Graph') {
            $assembly = $run.Result.Loaded | Where-Object { $_.Name -eq $name -and $_.Context -eq 'ALOps.S2S' }
            $assembly.Location | Should -Be (Join-Path $expected "$name.dll")
        }
    }
}

Describe 'Another Microsoft.Graph core in the session' {
    It 'has an older Microsoft.Graph.Core and Kiota at hand (tools/coexistence)' {
        $script:OtherGraphCore | Should -Exist
        $script:OtherKiota | Should -Exist
        [System.Reflection.AssemblyName]::GetAssemblyName($script:OtherGraphCore).Version.Major | Should -Be 3
        [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $script:ModuleRoot 'dependencies/Microsoft.Graph.Core.dll')).Version.Major | Should -Not -Be 3
    }

    It 'creates an app through Graph when the other Graph core was loaded <When>' -ForEach @(
        @{ When = 'first'; First = $true }
        @{ When = 'after ours'; First = $false }
    ) {
        $environment = $script:ChildEnvironment.Clone()
        $environment.S2S_TEST_LOAD_FIRST = if ($First) { '1' } else { '0' }
        $run = Invoke-S2SChildPwsh -Environment $environment -Script ($script:ChildFunctions + "`n" + {
                function Add-OtherGraph { Add-Type -Path $env:S2S_TEST_OTHER_KIOTA; Add-Type -Path $env:S2S_TEST_OTHER_GRAPH }
                if ($env:S2S_TEST_LOAD_FIRST -eq '1') { Add-OtherGraph }
                Import-Module $env:ALOPS_S2S_MODULE_PATH
                $null = Connect-AsTestApp
                $before = New-TestApp 'Coexist'
                if ($env:S2S_TEST_LOAD_FIRST -ne '1') { Add-OtherGraph }
                $after = New-TestApp 'Coexist'
                @{ Before = [string]$before.ClientId; After = [string]$after.ClientId; Loaded = @(Get-LoadedGraphCore) }
            })
        $run.Error | Should -BeNullOrEmpty
        $run.Result.Before | Should -Match '^[0-9a-f-]{36}$'
        $run.Result.After | Should -Match '^[0-9a-f-]{36}$'
        $loaded = @($run.Result.Loaded)
        ($loaded | Where-Object { $_.Name -eq 'Microsoft.Graph.Core' -and $_.Version -like '3.*' }).Context | Should -Be 'Default'
        ($loaded | Where-Object { $_.Name -eq 'Microsoft.Graph.Core' -and $_.Version -notlike '3.*' }).Context | Should -Be 'ALOps.S2S'
        ($loaded | Where-Object { $_.Name -eq 'Microsoft.Kiota.Abstractions' -and $_.Version -like '1.*' }).Context | Should -Be 'Default'
    }
}

Describe 'ForEach-Object -Parallel with two connections' {
    It 'keeps each runspace on its own operator: own account, and its calls land under its own client id' {
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $run = Invoke-S2SChildPwsh -Environment $script:ChildEnvironment -Script ($script:ChildFunctions + "`n" + {
                $functions = ${function:New-TestApp}.ToString()
                $results = 1, 2 | ForEach-Object -ThrottleLimit 2 -Parallel {
                    ${function:New-TestApp} = $using:functions
                    Import-Module $env:ALOPS_S2S_MODULE_PATH
                    $id, $secret = if ($_ -eq 1) { $env:S2S_TEST_CLIENT_ID, $env:S2S_TEST_SECRET } else { $env:S2S_TEST_CLIENT_ID2, $env:S2S_TEST_SECRET2 }
                    $null = Connect-ALOpsS2S -TenantId $env:S2S_TEST_TENANT -ClientId $id -ClientSecret (ConvertTo-SecureString $secret -AsPlainText -Force)
                    $accounts = foreach ($i in 1..3) {
                        $null = New-TestApp "Parallel $_"
                        [string](Get-ALOpsS2SConnection).Account
                    }
                    @{ Runspace = $_; Expected = $id; Accounts = @($accounts) }
                }
                @{ Results = @($results) }
            })
        $run.Error | Should -BeNullOrEmpty
        $results = @($run.Result.Results)
        $results | Should -HaveCount 2
        foreach ($result in $results) {
            @($result.Accounts | Sort-Object -Unique) | Should -Be @($result.Expected)
        }
        $creates = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost graph | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/v1.0/applications' })
        $creates | Should -HaveCount 6
        @($creates | Where-Object clientId -EQ $script:App.appId) | Should -HaveCount 3
        @($creates | Where-Object clientId -EQ $script:App2.appId) | Should -HaveCount 3
    }
}

Describe 'The Windows PowerShell resolver (net472 build), exercised on PowerShell 7' {
    # Windows PowerShell cannot run here. Loading the Desktop cmdlet assembly into pwsh runs the same
    # AppDomain.AssemblyResolve handler, so its scoping rules are checked at least on this runtime: it serves
    # Core and MSAL from dependencies/ to our own assemblies, and nothing to anyone else.
    It 'serves the engine and MSAL from dependencies/ to our assemblies only' {
        $run = Invoke-S2SChildPwsh -Environment $script:ChildEnvironment -Script ($script:ChildFunctions + "`n" + {
                $desktop = Join-Path (Split-Path -Parent $env:ALOPS_S2S_MODULE_PATH) 'Desktop/ALOps.S2S.dll'
                Import-Module $desktop
                $connection = Connect-AsTestApp
                $foreign = try { $null = [System.Reflection.Assembly]::Load('Microsoft.Graph.Core'); 'served' } catch { 'refused' }
                $loaded = foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) {
                    if ($a.GetName().Name -match '^(ALOps\.S2S(\.Core)?|Microsoft\.Identity\.Client)$') { @{ Name = $a.GetName().Name; Location = $a.Location } }
                }
                @{ Connection = Get-ConnectionSummary $connection; Loaded = @($loaded); Foreign = $foreign }
            })
        $run.Error | Should -BeNullOrEmpty
        $run.Result.Connection.Account | Should -Be $script:App.appId
        $dependencies = Join-Path $script:ModuleRoot 'dependencies'
        # Windows PowerShell's resolver serves the IL copies, never those compiled ahead for PowerShell 7.
        ($run.Result.Loaded | Where-Object Name -eq 'ALOps.S2S.Core').Location | Should -Be (Join-Path $dependencies 'ALOps.S2S.Core.dll')
        ($run.Result.Loaded | Where-Object Name -eq 'Microsoft.Identity.Client').Location | Should -Be (Join-Path $dependencies 'Microsoft.Identity.Client.dll')
        ($run.Result.Loaded | Where-Object Name -eq 'ALOps.S2S').Location | Should -BeLike '*Desktop*'
        $run.Result.Foreign | Should -Be 'refused'
    }
}
