#Requires -Modules Pester
# The built module as it ships: manifest, exports, folder layout, dependency isolation at import, package.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Manifest = Test-ModuleManifest -Path $script:ModulePath -ErrorAction Stop
    $script:ManifestAst = [System.Management.Automation.Language.Parser]::ParseFile($script:ModulePath, [ref]$null, [ref]$null)
    $script:ManifestTable = $script:ManifestAst.Find({ param($a) $a -is [System.Management.Automation.Language.HashtableAst] }, $false)
    $script:ManifestKeys = @($script:ManifestTable.KeyValuePairs | ForEach-Object { $_.Item1.Value })
    function Get-ManifestEntryText([string] $Key) {
        $pair = $script:ManifestTable.KeyValuePairs | Where-Object { $_.Item1.Value -eq $Key }
        if ($pair) { $pair.Item2.Extent.Text } else { $null }
    }
    $script:Version = (Select-Xml -LiteralPath (Join-Path $script:RepoRoot 'Directory.Build.props') -XPath '//ModuleVersion').Node.InnerText.Trim()
    $script:ExpectedCmdlets = @('Connect-ALOpsS2S', 'Disconnect-ALOpsS2S', 'Get-ALOpsS2SConnection')
}

Describe 'Manifest' {
    It 'is valid (Test-ModuleManifest)' {
        $script:Manifest | Should -Not -BeNullOrEmpty
        $script:Manifest.Name | Should -Be 'ALOps.S2S'
        $script:Manifest.Guid | Should -Not -Be ([guid]::Empty)
    }

    It 'carries the version from Directory.Build.props' {
        $script:Manifest.Version | Should -Be ([version]$script:Version)
    }

    It 'targets both editions: PowerShell 5.1+ and .NET Framework 4.7.2' {
        $script:Manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $script:Manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $script:Manifest.DotNetFrameworkVersion | Should -Be ([version]'4.7.2')
    }

    It 'picks the cmdlet assembly per edition' {
        $script:Manifest.RootModule | Should -Be 'Core/ALOps.S2S.dll'
        $text = Get-ManifestEntryText 'RootModule'
        $text | Should -Match '\$PSEdition'
        $text | Should -Match "'Desktop/ALOps\.S2S\.dll'"
        Join-Path $script:ModuleRoot 'Desktop/ALOps.S2S.dll' | Should -Exist
    }

    It 'has no RequiredAssemblies, NestedModules or ScriptsToProcess' {
        $script:ManifestKeys | Should -Not -Contain 'RequiredAssemblies'
        $script:ManifestKeys | Should -Not -Contain 'NestedModules'
        $script:ManifestKeys | Should -Not -Contain 'ScriptsToProcess'
        $script:Manifest.RequiredAssemblies | Should -BeNullOrEmpty
    }

    It 'lists <_> as an explicit empty array' -ForEach @('FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
        (Get-ManifestEntryText $_) -replace '\s' | Should -Be '@()'
    }

    It 'lists the cmdlets explicitly, without wildcards' {
        $listed = @($script:Manifest.ExportedCmdlets.Keys)
        $listed | Should -Not -BeNullOrEmpty
        $listed | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty
        foreach ($name in $script:ExpectedCmdlets) { $listed | Should -Contain $name }
    }

    It 'processes the format file, which ships in the module' {
        $script:Manifest.ExportedFormatFiles | Should -HaveCount 1
        Split-Path -Leaf $script:Manifest.ExportedFormatFiles[0] | Should -Be 'ALOps.S2S.format.ps1xml'
        Join-Path $script:ModuleRoot 'ALOps.S2S.format.ps1xml' | Should -Exist
    }

    It 'has gallery metadata' {
        $script:Manifest.Author | Should -Be 'ALOps'
        $script:Manifest.CompanyName | Should -Not -BeNullOrEmpty
        $script:Manifest.Copyright | Should -Not -BeNullOrEmpty
        $script:Manifest.Description | Should -Not -BeNullOrEmpty
        foreach ($tag in 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Mac', 'Windows') { $script:Manifest.Tags | Should -Contain $tag }
        $script:Manifest.ProjectUri | Should -Be 'https://github.com/HodorNV/ALOps.S2S'
        $script:Manifest.LicenseUri | Should -Not -BeNullOrEmpty
        $script:Manifest.ReleaseNotes | Should -Not -BeNullOrEmpty
    }
}

Describe 'Exports' {
    BeforeAll {
        # A fresh process: other test files may have imported the module already.
        $script:Exports = Invoke-S2SChildPwsh -Script {
            $module = Import-Module $env:ALOPS_S2S_MODULE_PATH -PassThru
            $inAssembly = $module.ImplementingAssembly.GetExportedTypes() |
                ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
                ForEach-Object { '{0}-{1}' -f $_.VerbName, $_.NounName }
            @{
                Exported   = @(Get-Command -Module ALOps.S2S -CommandType Cmdlet | ForEach-Object Name | Sort-Object)
                AllCommand = @(Get-Command -Module ALOps.S2S | ForEach-Object Name | Sort-Object)
                InAssembly = @($inAssembly | Sort-Object)
                ModuleType = [string]$module.ModuleType
            }
        }
    }

    It 'imports' {
        $script:Exports.Error | Should -BeNullOrEmpty
        $script:Exports.Result.ModuleType | Should -Be 'Binary'
    }

    It 'exports exactly the cmdlets the manifest lists' {
        $script:Exports.Result.Exported | Should -Be @($script:Manifest.ExportedCmdlets.Keys | Sort-Object)
        $script:Exports.Result.AllCommand | Should -Be $script:Exports.Result.Exported
    }

    It 'lists every cmdlet the assembly defines (one list, in the manifest)' {
        $script:Exports.Result.InAssembly | Should -Be @($script:Manifest.ExportedCmdlets.Keys | Sort-Object)
    }
}

Describe 'Built module layout' {
    BeforeAll {
        $script:Dependencies = Join-Path $script:ModuleRoot 'dependencies'
        $script:ThirdParty = '^(Microsoft\.Identity|Microsoft\.IdentityModel|Microsoft\.Graph|Microsoft\.Kiota|Azure\.|System\.ClientModel|Std\.UriTemplate)'
    }

    It 'ships Core, MSAL <Version>, Graph and Kiota once, in dependencies/' -ForEach @(@{ Version = '4.92.0' }) {
        foreach ($name in 'ALOps.S2S.Core', 'Microsoft.Identity.Client', 'Microsoft.Graph', 'Microsoft.Graph.Core', 'Microsoft.Kiota.Abstractions',
            'Microsoft.Kiota.Http.HttpClientLibrary', 'Microsoft.Kiota.Serialization.Json') {
            Join-Path $script:Dependencies "$name.dll" | Should -Exist
        }
        [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $script:Dependencies 'Microsoft.Identity.Client.dll')).Version.ToString(3) | Should -Be $Version
        # Beside the one IL copy, only the copies compiled ahead per platform (next test).
        foreach ($name in 'ALOps.S2S.Core', 'Microsoft.Graph') {
            @(Get-ChildItem -LiteralPath $script:ModuleRoot -Recurse -Filter "$name.dll" | Where-Object FullName -NotLike '*readytorun*') | Should -HaveCount 1
        }
    }

    It 'ships <Name> compiled ahead for PowerShell 7.6 on linux-x64 and win-x64: the same assembly as its IL copy' -ForEach @(
        'ALOps.S2S.Core', 'Microsoft.Identity.Client', 'Microsoft.Graph', 'Microsoft.Graph.Core', 'Microsoft.Kiota.Abstractions', 'Microsoft.Kiota.Http.HttpClientLibrary', 'Microsoft.Kiota.Serialization.Json' |
            ForEach-Object { @{ Name = $_ } }
    ) {
        function Test-ReadyToRun([string] $Path) {
            # A ReadyToRun image carries a managed native header (its precompiled code); an IL-only image does not.
            $stream = [System.IO.File]::OpenRead($Path)
            try { ([System.Reflection.PortableExecutable.PEReader]::new($stream)).PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 }
            finally { $stream.Dispose() }
        }
        $il = Join-Path $script:Dependencies "$Name.dll"
        Test-ReadyToRun $il | Should -BeFalse -Because 'Windows PowerShell and every other platform take the IL copy'
        foreach ($platform in 'linux-x64', 'win-x64') {
            $compiled = Join-Path $script:Dependencies "readytorun/$platform/$Name.dll"
            $compiled | Should -Exist
            Test-ReadyToRun $compiled | Should -BeTrue
            [System.Reflection.AssemblyName]::GetAssemblyName($compiled).FullName | Should -Be ([System.Reflection.AssemblyName]::GetAssemblyName($il).FullName)
        }
        @(Get-ChildItem -LiteralPath (Join-Path $script:Dependencies 'readytorun') -Directory | ForEach-Object Name) | Should -Be @('linux-x64', 'win-x64')
    }

    It 'ships Microsoft.Graph trimmed to what the engine uses, still for netstandard 2.0, and keeping what Kiota reads by reflection' {
        $graph = Join-Path $script:Dependencies 'Microsoft.Graph.dll'
        (Get-Item -LiteralPath $graph).Length | Should -BeLessThan 10MB -Because 'the whole SDK is 42.5 MB; the engine reaches some 5 MB of it'
        $pe = [System.Reflection.PortableExecutable.PEReader]::new([System.IO.File]::OpenRead($graph))
        try {
            $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            $references = @($reader.AssemblyReferences | ForEach-Object { $reader.GetString($reader.GetAssemblyReference($_).Name) })
            $references | Should -Contain 'netstandard' -Because 'Windows PowerShell and PowerShell 7.4 load the IL copy'
            $references | Should -Not -Contain 'System.Private.CoreLib'
            # RequestInformation.AddQueryParameters reads every property of a request's query-parameter class with its getter.
            $queryParameterClasses = 0
            foreach ($handle in $reader.TypeDefinitions) {
                $type = $reader.GetTypeDefinition($handle)
                if (-not $reader.GetString($type.Name).EndsWith('QueryParameters')) { continue }
                $queryParameterClasses++
                foreach ($property in $type.GetProperties()) {
                    $reader.GetPropertyDefinition($property).GetAccessors().Getter.IsNil | Should -BeFalse -Because "$($reader.GetString($type.Name)).$($reader.GetString($reader.GetPropertyDefinition($property).Name)) is read by reflection"
                }
            }
            $queryParameterClasses | Should -BeGreaterThan 0
        }
        finally { $pe.Dispose() }
    }

    It 'builds the engine once, for netstandard2.0' {
        Get-S2STargetFramework (Join-Path $script:Dependencies 'ALOps.S2S.Core.dll') | Should -Be '.NETStandard,Version=v2.0'
    }

    It 'keeps <Folder>/ to the <Framework> cmdlet assembly alone' -ForEach @(
        @{ Folder = 'Core'; Framework = '.NETCoreApp,Version=v8.0' }
        @{ Folder = 'Desktop'; Framework = '.NETFramework,Version=v4.7.2' }
    ) {
        $files = @(Get-ChildItem -LiteralPath (Join-Path $script:ModuleRoot $Folder) -Recurse -File | ForEach-Object Name | Sort-Object)
        $files | Should -Be @('ALOps.S2S.dll', 'ALOps.S2S.pdb')
        Get-S2STargetFramework (Join-Path $script:ModuleRoot "$Folder/ALOps.S2S.dll") | Should -Be $Framework
    }

    It 'has the <Edition> loader in the <Folder> cmdlet assembly' -ForEach @(
        @{ Folder = 'Core'; Edition = 'load-context'; Present = 'DependencyLoadContext'; Absent = 'DesktopDependencyResolver' }
        @{ Folder = 'Desktop'; Edition = 'AssemblyResolve'; Present = 'DesktopDependencyResolver'; Absent = 'DependencyLoadContext' }
    ) {
        $types = @(Get-S2STypeNames (Join-Path $script:ModuleRoot "$Folder/ALOps.S2S.dll"))
        $types | Should -Contain 'ALOps.S2S.Loading.ModuleInitializer'
        $types | Should -Contain "ALOps.S2S.Loading.$Present"
        $types | Should -Not -Contain "ALOps.S2S.Loading.$Absent"
    }

    It 'has no assembly at the module root' {
        Get-ChildItem -LiteralPath $script:ModuleRoot -Filter '*.dll' -File | Should -BeNullOrEmpty
    }

    It 'has a <Folder> cmdlet assembly that references no MSAL, Graph or Kiota type' -ForEach @(@{ Folder = 'Core' }, @{ Folder = 'Desktop' }) {
        $references = @(Get-S2SAssemblyReferences (Join-Path $script:ModuleRoot "$Folder/ALOps.S2S.dll"))
        $references | Should -Contain 'ALOps.S2S.Core'
        $references | Where-Object { $_ -match $script:ThirdParty } | Should -BeNullOrEmpty
    }

    It 'never ships PowerShell reference assemblies' {
        Get-ChildItem -LiteralPath $script:ModuleRoot -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
    }

    It 'stays within 60 MB unpacked' {
        (Get-ChildItem -LiteralPath $script:ModuleRoot -Recurse -File | Measure-Object Length -Sum).Sum | Should -BeLessOrEqual 60MB
    }
}

Describe 'Dependency isolation at import (fresh process)' {
    It 'loads neither the engine nor MSAL or Graph when the module is imported' {
        $run = Invoke-S2SChildPwsh -Script {
            Import-Module $env:ALOPS_S2S_MODULE_PATH
            $null = Get-Command -Module ALOps.S2S
            @([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -match '^(ALOps|Microsoft\.Identity|Microsoft\.Graph|Microsoft\.Kiota|Azure\.)' })
        }
        $run.Error | Should -BeNullOrEmpty
        @($run.Result) | Should -Be @('ALOps.S2S')
    }

    It 'cannot load the engine from the default context without the module' {
        $run = Invoke-S2SChildPwsh -Script {
            Set-Location (Split-Path -Parent $env:ALOPS_S2S_MODULE_PATH)
            try { $null = [System.Reflection.Assembly]::Load('ALOps.S2S.Core'); 'loaded' } catch { 'not found' }
        }
        $run.Result | Should -Be 'not found'
    }

    It 'loads the engine and MSAL into the private context, and framework assemblies from the runtime' {
        # A refused connection is enough to load the whole sign-in path; no emulator is needed.
        $run = Invoke-S2SChildPwsh -Environment @{
            ALOPS_S2S_AUTHORITY_HOST = 'https://127.0.0.1:9'; ALOPS_S2S_GRAPH_ENDPOINT = 'https://127.0.0.1:9'; ALOPS_S2S_BC_ENDPOINT = 'https://127.0.0.1:9'
        } -Script {
            Import-Module $env:ALOPS_S2S_MODULE_PATH
            $secret = ConvertTo-SecureString ([guid]::NewGuid().ToString()) -AsPlainText -Force
            try { $null = Connect-ALOpsS2S -TenantId ([guid]::NewGuid()) -ClientId ([guid]::NewGuid()) -ClientSecret $secret } catch { }
            $default = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([System.Reflection.AssemblyName]'ALOps.S2S.Core')
            $loaded = foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) {
                @{ Name = $a.GetName().Name; Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).Name; Location = $a.Location }
            }
            @{
                Loaded           = @($loaded)
                CoreViaDefault   = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($default).Name
                FrameworkDir     = [System.IO.Path]::GetDirectoryName([object].Assembly.Location)
            }
        }
        $run.Error | Should -BeNullOrEmpty
        $loaded = @($run.Result.Loaded)
        $context = { param($name) @($loaded | Where-Object Name -eq $name | ForEach-Object Context) }
        & $context 'ALOps.S2S' | Should -Be @('Default')
        & $context 'ALOps.S2S.Core' | Should -Be @('ALOps.S2S')
        & $context 'Microsoft.Identity.Client' | Should -Be @('ALOps.S2S')
        $run.Result.CoreViaDefault | Should -Be 'ALOps.S2S'
        foreach ($framework in 'System.Text.Json', 'System.Memory') {
            $a = @($loaded | Where-Object Name -eq $framework)
            $a | Should -HaveCount 1
            $a[0].Context | Should -Be 'Default'
            Split-Path -Parent $a[0].Location | Should -Be $run.Result.FrameworkDir
        }
        # Nothing that lives next to the cmdlet DLL or in the runtime came from dependencies/.
        $fromDependencies = @($loaded | Where-Object { $_.Location -and $_.Location.StartsWith((Join-Path $script:ModuleRoot 'dependencies')) })
        $fromDependencies | Where-Object Context -ne 'ALOps.S2S' | Should -BeNullOrEmpty
        $fromDependencies | Where-Object { Test-Path (Join-Path $run.Result.FrameworkDir "$($_.Name).dll") } | Should -BeNullOrEmpty
    }
}

Describe 'Remove-Module and import again (fresh process)' {
    It 'unhooks on removal and hooks again on the next import' {
        $run = Invoke-S2SChildPwsh -Environment @{
            ALOPS_S2S_AUTHORITY_HOST = 'https://127.0.0.1:9'; ALOPS_S2S_GRAPH_ENDPOINT = 'https://127.0.0.1:9'; ALOPS_S2S_BC_ENDPOINT = 'https://127.0.0.1:9'
        } -Script {
            Import-Module $env:ALOPS_S2S_MODULE_PATH
            Remove-Module ALOps.S2S
            $afterRemove = try { $null = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([System.Reflection.AssemblyName]'ALOps.S2S.Core'); 'resolved' } catch { 'not resolved' }
            Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
            $secret = ConvertTo-SecureString ([guid]::NewGuid().ToString()) -AsPlainText -Force
            $message = try { $null = Connect-ALOpsS2S -TenantId ([guid]::NewGuid()) -ClientId ([guid]::NewGuid()) -ClientSecret $secret; 'connected' } catch { $_.Exception.Message }
            $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ALOps.S2S.Core' }
            @{
                AfterRemove = $afterRemove
                Message     = $message
                CoreContext = @($core | ForEach-Object { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name })
            }
        }
        $run.Error | Should -BeNullOrEmpty
        $run.Result.AfterRemove | Should -Be 'not resolved'
        $run.Result.CoreContext | Should -Be @('ALOps.S2S')
        # The engine ran: the refused connection is reported by the module, not as a load failure.
        $run.Result.Message | Should -Not -Match 'Could not load file or assembly'
    }
}

Describe 'Package' {
    BeforeAll {
        $script:Nupkg = $env:ALOPS_S2S_PACKAGE_PATH
        if (-not $script:Nupkg) {
            $script:Nupkg = Join-Path $script:RepoRoot "out/package/ALOps.S2S.$($script:Version).nupkg"
        }
        $script:VersionFolder = Join-Path $script:RepoRoot "out/package/ALOps.S2S/$($script:Version)"
        # The installed module signs in to the emulator, as a user would to Entra.
        Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
        $script:Emulator = Start-S2SEmulator -StateDirectory (Join-Path $TestDrive 'emulator')
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ deviceCodeUser = 'admin@contoso.onmicrosoft.com' } | Out-Null
    }

    AfterAll {
        if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
    }

    It 'exists as ALOps.S2S.<version>.nupkg and as a versioned module folder' {
        $script:Nupkg | Should -Exist
        Split-Path -Leaf $script:Nupkg | Should -Be "ALOps.S2S.$($script:Version).nupkg"
        Join-Path $script:VersionFolder 'ALOps.S2S.psd1' | Should -Exist
    }

    It 'has the module files at the package root and a nuspec with PowerShell tags' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($script:Nupkg)
        try {
            $names = @($zip.Entries | ForEach-Object FullName)
            $names | Should -Contain 'ALOps.S2S.psd1'
            $names | Should -Contain 'ALOps.S2S.nuspec'
            $names | Should -Contain 'Core/ALOps.S2S.dll'
            $names | Should -Contain 'Desktop/ALOps.S2S.dll'
            $names | Should -Contain 'dependencies/Microsoft.Graph.dll'
            $names | Should -Contain 'dependencies/readytorun/linux-x64/ALOps.S2S.Core.dll'
            $names | Should -Contain 'dependencies/readytorun/win-x64/ALOps.S2S.Core.dll'
            $names | Should -Contain '[Content_Types].xml'
            $reader = [System.IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'ALOps.S2S.nuspec').Open())
            try { [xml]$nuspec = $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
        $metadata = $nuspec.package.metadata
        $metadata.id | Should -Be 'ALOps.S2S'
        $metadata.version | Should -Be $script:Version
        $metadata.authors | Should -Be 'ALOps'
        $metadata.description | Should -Not -BeNullOrEmpty
        $tags = $metadata.tags -split ' '
        foreach ($tag in @('PSModule', 'PSIncludes_Cmdlet', 'PSEdition_Core', 'PSEdition_Desktop') + @($script:Manifest.ExportedCmdlets.Keys | ForEach-Object { "PSCmdlet_$_"; "PSCommand_$_" })) {
            $tags | Should -Contain $tag
        }
    }

    It 'installs from a local PSResourceGet repository, imports, and signs in' {
        $xdg = Join-Path $TestDrive 'xdg'
        $repo = Join-Path $TestDrive 'repo'
        $saved = Join-Path $TestDrive 'saved'
        $null = New-Item -ItemType Directory -Path $xdg, $repo, $saved -Force
        Copy-Item -LiteralPath $script:Nupkg -Destination $repo
        # XDG_* keep the repository registration out of the real user profile.
        $run = Invoke-S2SChildPwsh -Environment @{
            XDG_DATA_HOME = $xdg; XDG_CONFIG_HOME = $xdg; S2S_REPO = $repo; S2S_SAVED = $saved
            ALOPS_S2S_AUTHORITY_HOST = $script:Emulator.authorityHost; ALOPS_S2S_GRAPH_ENDPOINT = $script:Emulator.graphEndpoint; ALOPS_S2S_BC_ENDPOINT = $script:Emulator.businessCentralEndpoint
        } -Script {
            Register-PSResourceRepository -Name S2SLocal -Uri $env:S2S_REPO -Trusted
            $found = Find-PSResource -Name ALOps.S2S -Repository S2SLocal
            Save-PSResource -Name ALOps.S2S -Repository S2SLocal -Path $env:S2S_SAVED -TrustRepository
            $manifest = Get-ChildItem -Path $env:S2S_SAVED -Recurse -Filter ALOps.S2S.psd1 | Select-Object -First 1
            $module = Import-Module $manifest.FullName -PassThru
            @{
                Found    = [string]$found.Version
                Includes = @($found.Includes.Cmdlet)
                Imported = [string]$module.Version
                Path     = $manifest.FullName
                Commands = @(Get-Command -Module ALOps.S2S | ForEach-Object Name | Sort-Object)
                Account  = (Connect-ALOpsS2S -TenantId contoso.onmicrosoft.com -UseDeviceCode -WarningAction SilentlyContinue).Account
                ModuleOf = (Get-Command Connect-ALOpsS2S).Module.ModuleBase
            }
        }
        $run.Error | Should -BeNullOrEmpty
        $run.Result.Found | Should -Be $script:Version
        $run.Result.Imported | Should -Be $script:Version
        $run.Result.Path | Should -BeLike "*ALOps.S2S*$($script:Version)*ALOps.S2S.psd1"
        $run.Result.Commands | Should -Be @($script:Manifest.ExportedCmdlets.Keys | Sort-Object)
        foreach ($cmdlet in $script:Manifest.ExportedCmdlets.Keys) { $run.Result.Includes | Should -Contain $cmdlet }
        $run.Result.Account | Should -Be 'admin@contoso.onmicrosoft.com'
        $run.Result.ModuleOf | Should -BeLike "$saved*"
    }
}
