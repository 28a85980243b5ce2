<#
.SYNOPSIS
    Builds, tests, packages and benchmarks ALOps.S2S.

.DESCRIPTION
    Run from any folder with the pinned PowerShell tool:
        dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test

    Tasks (several may be given; each runs once, in this order):
      Build    out/module/ALOps.S2S/  the module as it ships: ALOps.S2S.psd1 (version stamped), module/**,
                                       Core/ALOps.S2S.dll (net8.0, PowerShell 7.4+),
                                       Desktop/ALOps.S2S.dll (net472, Windows PowerShell 5.1),
                                       dependencies/ (ALOps.S2S.Core + MSAL, Graph, ... for netstandard2.0);
               also builds the emulator and the xunit tests.
      Package  out/package/ALOps.S2S/<version>/ and out/package/ALOps.S2S.<version>.nupkg (PowerShell repository format).
      Test     xunit (tests/ALOps.S2S.Tests) and Pester (tests/Module, in child pwsh lanes) side by side against the
               emulator; prints its duration, then ends with one line "N passed, N failed" and a non-zero exit code on
               any failure or when no test ran.
      Demo     the end-to-end demo against the emulator.
      Bench    runs bench/*.ps1 against the built module.
      LiveTest the journey (New, Grant, Register without -Wait, Test, a no-op re-run, clean-up) against a REAL tenant
               named by ALOPS_S2S_LIVE_* environment variables, through a recording proxy; writes a redacted recording
               to out/live/<time>/recording (a contract-sample set). Without the variables it says what to set and
               exits 0 without running anything. Never part of Test or CI.

.PARAMETER Task
    Build, Test, Package, Demo, Bench, LiveTest (default Build); from bash also 'Build,Test'. Every task builds first;
    Test also packages (Module.Tests.ps1 installs the package).

.PARAMETER Configuration
    Release (default) or Debug.

.PARAMETER PesterPath
    With Test: run only these Pester files, e.g. tests/Module/Register.Tests.ps1 (for a quick loop while developing).

.PARAMETER XunitFilter
    With Test: run only the xunit tests this filter selects, e.g. 'FullyQualifiedName~ODataBatch'.
#>
[CmdletBinding()]
param(
    # Validated below: from bash, `-Task Build,Test` arrives as one string.
    [ArgumentCompleter({ param($c, $p, $word) 'Build', 'Test', 'Package', 'Demo', 'Bench', 'LiveTest' | Where-Object { $_ -like "$word*" } })]
    [string[]] $Task = @('Build'),

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Test only these Pester files (xunit is skipped unless -XunitFilter is also given).
    [string[]] $PesterPath,

    # Test only the xunit tests this `dotnet test --filter` expression selects (Pester is skipped unless -PesterPath is also given).
    [string] $XunitFilter
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$scriptStarted = [DateTime]::UtcNow
$ProgressPreference = 'SilentlyContinue'

$RepoRoot = $PSScriptRoot
$KnownTasks = @('Build', 'Test', 'Package', 'Demo', 'Bench', 'LiveTest')
$Task = @($Task | ForEach-Object { $_ -split '[,\s]+' } | Where-Object { $_ })
$PesterPath = @($PesterPath | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$unknown = @($Task | Where-Object { $_ -notin $KnownTasks })
if ($unknown -or -not $Task) {
    Write-Host "build.ps1: unknown task '$($unknown -join "', '")'. Tasks: $($KnownTasks -join ', ')." -ForegroundColor Red
    exit 2
}
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
# The pwsh processes the build starts (tests, benches, the demo) send no usage data either: on a machine without a
# network their telemetry still works in the background, taking processor time from what a bench measures.
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

#region settings -------------------------------------------------------------------------------------------

$ModuleName = 'ALOps.S2S'
$OutDir = Join-Path $RepoRoot 'out'
$ModuleDir = Join-Path $OutDir "module/$ModuleName"
$ManifestPath = Join-Path $ModuleDir "$ModuleName.psd1"
$StageDir = Join-Path $OutDir 'stage'
$PackageDir = Join-Path $OutDir 'package'
$TestDir = Join-Path $OutDir 'test'
$PesterVersion = '5.7.1'
$PesterManifest = Join-Path $RepoRoot ".tools/nuget/pester/$PesterVersion/tools/Pester.psd1"
# Pester lanes beside the first (see Get-PesterLanes): each starts with a file that mostly waits out the product's real
# retry and replication budgets, and takes a few of the slower other files along so that the lanes end together.
$PesterOtherLanes = @(
    @('Reliability.Limits.Tests.ps1', 'Isolation.Tests.ps1', 'Module.Tests.ps1'),
    @('Reliability.Tests.ps1', 'Usability.Tests.ps1', 'Doctor.Tests.ps1')
)

# Assemblies that must be in dependencies/ (simple names). Anything else Core's publish brings along is
# shipped too, and listed by the build so a new dependency never arrives unnoticed.
$RequiredDependencies = @(
    'ALOps.S2S.Core'
    'Microsoft.Identity.Client'
    'Microsoft.IdentityModel.Abstractions'
    'Microsoft.Graph'
    'Microsoft.Graph.Core'
    'Microsoft.Kiota.Abstractions'
    'Microsoft.Kiota.Http.HttpClientLibrary'
    'Microsoft.Kiota.Serialization.Json'
)

# Shipped a second time with their code compiled ahead (ReadyToRun) for PowerShell 7.6 (.NET 10) on $ReadyToRunPlatforms, in
# dependencies/readytorun/<platform>/: the engine and the dependencies whose code every command runs. Compiled at
# first use instead, they cost a fresh pwsh (every pipeline step) a few hundred milliseconds of processor time.
# Microsoft.Graph is first trimmed to what the engine uses (build/Optimize-GraphAssembly.ps1): whole, it is 42.5 MB of
# IL and some 90 MB per platform compiled ahead; trimmed, about 5 and 13.5 MB.
$ReadyToRunAssemblies = @(
    'ALOps.S2S.Core'
    'Microsoft.Identity.Client'
    'Microsoft.Graph'
    'Microsoft.Graph.Core'
    'Microsoft.Kiota.Abstractions'
    'Microsoft.Kiota.Http.HttpClientLibrary'
    'Microsoft.Kiota.Serialization.Json'
)
# Of those, the ones also given the code of .NET's async machinery instantiated over their own async methods
# (crossgen2 --opt-cross-module CoreLib): some 350 fewer methods compiled at first use in a partner onboarding. MSAL is
# left out: it gains little (some 40 methods) and would grow by 0.4 MB per platform; so is Microsoft.Graph, the largest.
$ReadyToRunWithCoreLibCode = @($ReadyToRunAssemblies | Where-Object { $_ -notin 'Microsoft.Identity.Client', 'Microsoft.Graph' })
$ReadyToRunPlatforms = @('linux-x64', 'win-x64')
$ReadyToRunProject = Join-Path $RepoRoot 'tools/readytorun/readytorun.csproj'

# Never shipped: reference-only or host-provided assemblies.
$ForbiddenDependencies = @('System.Management.Automation', 'ALOps.S2S')

# The only files taken from the cmdlet project's output (per edition folder).
$CmdletFiles = @("$ModuleName.dll", "$ModuleName.pdb")

#endregion

#region helpers --------------------------------------------------------------------------------------------

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Invoke-Dotnet([string] $What, [string[]] $Arguments) {
    Write-Host "    dotnet $($Arguments -join ' ')" -ForegroundColor DarkGray
    & dotnet @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "$What failed: 'dotnet $($Arguments -join ' ')' exited with code $LASTEXITCODE."
    }
}

function Get-PwshCommand {
    # The pwsh running this script, started directly. Under `dotnet pwsh` the process path is dotnet itself,
    # so (Get-Process -Id $PID).Path cannot be used; $PSHOME holds the apphost (or pwsh.dll).
    $exe = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    if (Test-Path -LiteralPath $exe) { return @{ FilePath = $exe; Prefix = @() } }
    return @{ FilePath = 'dotnet'; Prefix = @((Join-Path $PSHOME 'pwsh.dll')) }
}

function Format-Duration([TimeSpan] $Duration) {
    '{0}m {1:00}s' -f [int][Math]::Floor($Duration.TotalMinutes), $Duration.Seconds
}

function Reset-Directory([string] $Path) {
    if (Test-Path -LiteralPath $Path) {
        Remove-Item -LiteralPath $Path -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $Path -Force
}

function Get-ModuleVersion {
    $props = Join-Path $RepoRoot 'Directory.Build.props'
    $node = Select-Xml -LiteralPath $props -XPath '//ModuleVersion' | Select-Object -First 1
    if (-not $node -or -not $node.Node.InnerText.Trim()) {
        throw "ModuleVersion not found in $props."
    }
    $version = $node.Node.InnerText.Trim()
    $parsed = $null
    if (-not [version]::TryParse(($version -split '-', 2)[0], [ref] $parsed)) {
        throw "ModuleVersion '$version' in $props is not a version."
    }
    return $version
}

function Get-Crossgen2HostRid {
    # The platform of this build machine as the ReadyToRun compiler's packages name it; null where none is published.
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } elseif ($IsLinux) { 'linux' } else { $null }
    $arch = switch ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture) { 'X64' { 'x64' } 'Arm64' { 'arm64' } default { $null } }
    if ($os -and $arch) { "$os-$arch" }
}

function Add-ReadyToRunCode([string] $Dependencies) {
    # dependencies/readytorun/<platform>/: copies of $ReadyToRunAssemblies whose code is compiled ahead for the .NET of
    # tools/readytorun on that platform; the module's load context takes them there (Loading/DependencyLoadContext), and
    # a runtime of another major version compiles their code at first use as usual. The IL copies beside them serve
    # every other platform and Windows PowerShell, so a build without the compiler still works.
    $hostRid = Get-Crossgen2HostRid
    $restore = @('restore', $ReadyToRunProject, '--packages', (Join-Path $RepoRoot '.tools/nuget'), "-p:Crossgen2HostRid=$hostRid", '-nologo', '-v:minimal')
    if ($hostRid) { & dotnet @restore | Out-Null }
    if (-not $hostRid -or $LASTEXITCODE -ne 0) {
        Write-Warning "No ReadyToRun compiler for this build machine ($hostRid): the module ships without code compiled ahead; it works, its first calls in each pwsh are slower."
        return
    }
    $version = (Select-Xml -LiteralPath $ReadyToRunProject -XPath '//ReadyToRunRuntimeVersion').Node.InnerText
    $packages = Join-Path $RepoRoot '.tools/nuget'
    & (Join-Path $RepoRoot 'build/Optimize-GraphAssembly.ps1') -Dependencies $Dependencies -WorkDirectory (Join-Path $StageDir 'trim') `
        -ILLink (Join-Path $packages "microsoft.net.illink.tasks/$version/tools/net/illink.dll") `
        -NetStandardReferences (Join-Path $packages "netstandard.library/$((Select-Xml -LiteralPath $ReadyToRunProject -XPath '//NetStandardLibraryVersion').Node.InnerText)/build/netstandard2.0/ref")
    $crossgen = Join-Path $packages "microsoft.netcore.app.crossgen2.$hostRid/$version/tools/crossgen2$(if ($IsWindows) { '.exe' })"
    foreach ($platform in $ReadyToRunPlatforms) {
        $os, $arch = $platform -split '-'
        $runtime = Join-Path $packages "microsoft.netcore.app.runtime.$platform/$version/runtimes/$platform/lib/net$(([version]$version).ToString(2))"
        $folder = Join-Path $Dependencies "readytorun/$platform"
        $null = New-Item -ItemType Directory -Path $folder -Force
        # References: the runtime, and of dependencies/ what the runtime does not provide itself (as the load context does).
        $provided = @(Get-ChildItem -LiteralPath $runtime -Filter '*.dll' -File | ForEach-Object BaseName)
        $references = @(Get-ChildItem -LiteralPath $Dependencies -Filter '*.dll' -File | Where-Object BaseName -NotIn $provided | ForEach-Object { '-r'; $_.FullName })
        foreach ($name in $ReadyToRunAssemblies) {
            # The runtime checks the CoreLib code an image was compiled with and compiles at first use again where a
            # servicing update of .NET changed it.
            $coreLibCode = @(if ($name -in $ReadyToRunWithCoreLibCode) { '--opt-cross-module:System.Private.CoreLib' })
            $output = & $crossgen (Join-Path $Dependencies "$name.dll") -o (Join-Path $folder "$name.dll") -r (Join-Path $runtime '*.dll') @references `
                --targetos $(if ($os -eq 'win') { 'windows' } else { $os }) --targetarch $arch -O @coreLibCode 2>&1
            if ($LASTEXITCODE -ne 0) { $output | Out-Host; throw "Compiling $name ahead for $platform failed (exit code $LASTEXITCODE)." }
        }
    }
    Write-Host "    dependencies/readytorun/: $($ReadyToRunAssemblies.Count) assemblies compiled ahead for $($ReadyToRunPlatforms -join ', ') (.NET $version)"
}

function Get-SystemCertificateBundle {
    $candidates = @(
        '/etc/ssl/certs/ca-certificates.crt'  # Debian, Ubuntu, Alpine
        '/etc/pki/tls/certs/ca-bundle.crt'    # Fedora, RHEL
        '/etc/ssl/ca-bundle.pem'              # openSUSE
        '/etc/ssl/cert.pem'                   # macOS, Alpine
    )
    foreach ($candidate in $candidates) {
        if (Test-Path -LiteralPath $candidate) { return $candidate }
    }
    return $null
}

function Update-ModuleHelp([string] $ModuleSource) {
    # Regenerates module/en-US from docs/help (committed, so a diff shows stale help) and ships it at the module
    # root, where Get-Help looks for a binary module's MAML and about_ topics.
    $pwsh = Get-PwshCommand
    & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'build/New-MamlHelp.ps1') `
        -ModulePath $ManifestPath -OutputDirectory (Join-Path $ModuleSource 'en-US') | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "Generating help from docs/help failed (exit code $LASTEXITCODE)." }
    Copy-Item -LiteralPath (Join-Path $ModuleSource 'en-US') -Destination $ModuleDir -Recurse -Force
}

#endregion

#region tasks ----------------------------------------------------------------------------------------------

function Invoke-BuildTask {
    $version = Get-ModuleVersion
    Write-Step "Build $ModuleName $version ($Configuration)"

    Invoke-Dotnet 'Building the solution' @('build', (Join-Path $RepoRoot 'ALOps.S2S.sln'), '-c', $Configuration, '-nologo', '-v:minimal')

    Reset-Directory $StageDir
    $coreStage = Join-Path $StageDir 'dependencies'
    Invoke-Dotnet 'Publishing ALOps.S2S.Core (netstandard2.0)' @(
        'publish', (Join-Path $RepoRoot 'src/ALOps.S2S.Core/ALOps.S2S.Core.csproj'), '-c', $Configuration, '-f', 'netstandard2.0',
        '--no-build', '-o', $coreStage, '-nologo', '-v:minimal')
    $editions = [ordered]@{ Core = 'net8.0'; Desktop = 'net472' }
    foreach ($edition in $editions.Keys) {
        Invoke-Dotnet "Publishing $ModuleName ($($editions[$edition]))" @(
            'publish', (Join-Path $RepoRoot 'src/ALOps.S2S/ALOps.S2S.csproj'), '-c', $Configuration, '-f', $editions[$edition],
            '--no-build', '-o', (Join-Path $StageDir $edition), '-nologo', '-v:minimal')
    }

    Write-Step "Assembling $ModuleDir"
    Reset-Directory $ModuleDir

    # dependencies/: Core and every third-party assembly, once, shared by both editions.
    $dependencies = Join-Path $ModuleDir 'dependencies'
    $null = New-Item -ItemType Directory -Path $dependencies
    $dlls = @(Get-ChildItem -LiteralPath $coreStage -Filter '*.dll' -File)
    $names = @($dlls | ForEach-Object BaseName)
    $missing = @($RequiredDependencies | Where-Object { $_ -notin $names })
    if ($missing) {
        throw "ALOps.S2S.Core's publish output lacks required assemblies: $($missing -join ', '). Check the package references of src/ALOps.S2S.Core."
    }
    $forbidden = @($ForbiddenDependencies | Where-Object { $_ -in $names })
    if ($forbidden) {
        throw "ALOps.S2S.Core's publish output contains assemblies that must never ship in dependencies/: $($forbidden -join ', ')."
    }
    $dlls | Copy-Item -Destination $dependencies
    Get-ChildItem -LiteralPath $coreStage -Filter 'ALOps.S2S.Core.pdb' -File | Copy-Item -Destination $dependencies
    $extra = @($names | Where-Object { $_ -notin $RequiredDependencies } | Sort-Object)
    Write-Host "    dependencies/: $($dlls.Count) assemblies (required: $($RequiredDependencies.Count); also: $($extra -join ', '))"
    Add-ReadyToRunCode $dependencies

    # Core/ and Desktop/: the cmdlet assembly only, never Core or a dependency next to it.
    foreach ($edition in $editions.Keys) {
        $target = Join-Path $ModuleDir $edition
        $null = New-Item -ItemType Directory -Path $target
        foreach ($file in $CmdletFiles) {
            $source = Join-Path (Join-Path $StageDir $edition) $file
            if (-not (Test-Path -LiteralPath $source)) {
                throw "The $($editions[$edition]) publish of $ModuleName has no $file."
            }
            Copy-Item -LiteralPath $source -Destination $target
        }
    }

    # Module files: manifest (stamped) and everything under module/.
    $moduleSource = Join-Path $RepoRoot 'module'
    if (Test-Path -LiteralPath $moduleSource) {
        Get-ChildItem -LiteralPath $moduleSource -Force | Copy-Item -Destination $ModuleDir -Recurse -Force
    }
    $manifestText = Get-Content -LiteralPath (Join-Path $RepoRoot "$ModuleName.psd1") -Raw
    $pattern = "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'"
    if ($manifestText -notmatch $pattern) {
        throw "$ModuleName.psd1 has no ModuleVersion = '...' line to stamp."
    }
    $manifestText = [regex]::Replace($manifestText, $pattern, "`${1}'$version'")
    [System.IO.File]::WriteAllText($ManifestPath, $manifestText, [System.Text.UTF8Encoding]::new($true))

    # The manifest must be valid and name files that exist (Test-ModuleManifest checks RootModule and
    # FormatsToProcess; the restricted language of RootModule's edition switch rules out Import-PowerShellDataFile).
    foreach ($edition in $editions.Keys) {
        if (-not (Test-Path -LiteralPath (Join-Path $ModuleDir "$edition/$ModuleName.dll"))) {
            throw "The built module lacks $edition/$ModuleName.dll."
        }
    }
    $errors = $null
    $null = Test-ModuleManifest -Path $ManifestPath -ErrorAction SilentlyContinue -ErrorVariable errors
    if ($errors) {
        throw "The built manifest $ManifestPath is not valid: $(($errors | ForEach-Object { $_.Exception.Message }) -join ' ')"
    }

    Update-ModuleHelp -ModuleSource $moduleSource

    $size = (Get-ChildItem -LiteralPath $ModuleDir -Recurse -File | Measure-Object Length -Sum).Sum
    Write-Host ("    built {0} ({1:N1} MB unpacked)" -f $ManifestPath, ($size / 1MB))
}

function Invoke-PackageTask {
    $version = Get-ModuleVersion
    Write-Step "Package $ModuleName $version"
    Reset-Directory $PackageDir
    $versionDir = Join-Path $PackageDir "$ModuleName/$version"
    $null = New-Item -ItemType Directory -Path $versionDir -Force
    Get-ChildItem -LiteralPath $ModuleDir -Force | Copy-Item -Destination $versionDir -Recurse -Force

    $nupkg = Join-Path $PackageDir "$ModuleName.$version.nupkg"
    & (Join-Path $RepoRoot 'build/New-ModuleNupkg.ps1') -ModuleDirectory $versionDir -ManifestPath (Join-Path $versionDir "$ModuleName.psd1") -OutputPath $nupkg

    $unpacked = (Get-ChildItem -LiteralPath $versionDir -Recurse -File | Measure-Object Length -Sum).Sum
    $packed = (Get-Item -LiteralPath $nupkg).Length
    Write-Host ("    {0} ({1:N1} MB; {2:N1} MB unpacked, target <= 60 MB)" -f $nupkg, ($packed / 1MB), ($unpacked / 1MB))
    if ($unpacked -gt 60MB) {
        Write-Warning ("The package is {0:N1} MB unpacked, over the 60 MB target." -f ($unpacked / 1MB))
    }
}

function Initialize-TestEnvironment {
    # Fresh results each run; the CA (out/test/ca) is kept, so trust bundles of earlier runs stay valid.
    $null = New-Item -ItemType Directory -Path $TestDir -Force
    Get-ChildItem -LiteralPath $TestDir -Force | Where-Object Name -ne 'ca' | Remove-Item -Recurse -Force
    $resultsDir = Join-Path $TestDir 'results'
    $null = New-Item -ItemType Directory -Path $resultsDir

    $emulatorDll = Join-Path $RepoRoot "tests/ALOps.S2S.Emulator/bin/$Configuration/net10.0/ALOps.S2S.Emulator.dll"
    if (-not (Test-Path -LiteralPath $emulatorDll)) {
        throw "The emulator was not built: $emulatorDll is missing."
    }

    Write-Step 'Emulator certificate authority'
    $caDir = Join-Path $TestDir 'ca'
    Invoke-Dotnet 'Creating the emulator CA' @($emulatorDll, '--init-ca', '--ca-dir', $caDir, '--state-dir', (Join-Path $TestDir 'ca-state'))
    $caPem = Join-Path $caDir 'ca.pem'
    if (-not (Test-Path -LiteralPath $caPem)) {
        throw "The emulator's --init-ca did not write $caPem."
    }

    # Test processes trust the emulator through SSL_CERT_FILE (OpenSSL on Linux/macOS); the machine's
    # trust store is never touched.
    $trust = Join-Path $TestDir 'trust.pem'
    $bundle = Get-SystemCertificateBundle
    $text = if ($bundle) { (Get-Content -LiteralPath $bundle -Raw).TrimEnd() + "`n" } else { '' }
    $text += (Get-Content -LiteralPath $caPem -Raw).TrimEnd() + "`n"
    [System.IO.File]::WriteAllText($trust, $text, [System.Text.UTF8Encoding]::new($false))
    if (-not $bundle) {
        Write-Warning "No system CA bundle found; $trust holds only the emulator CA."
    }
    if ($IsWindows) {
        Write-Warning 'On Windows, .NET ignores SSL_CERT_FILE: tests that call the emulator over HTTPS need its CA trusted by other means.'
    }

    $env:SSL_CERT_FILE = $trust
    $env:ALOPS_S2S_EMULATOR_CA_DIR = $caDir
    $env:ALOPS_S2S_EMULATOR_DLL = $emulatorDll
    $env:ALOPS_S2S_MODULE_PATH = $ManifestPath
    $env:ALOPS_S2S_TEST_DIR = $TestDir
    $nupkg = Get-ChildItem -LiteralPath $PackageDir -Filter "$ModuleName.*.nupkg" -File -ErrorAction Ignore | Select-Object -First 1
    $env:ALOPS_S2S_PACKAGE_PATH = if ($nupkg) { $nupkg.FullName } else { '' }
    Write-Host "    SSL_CERT_FILE=$trust"
    Write-Host "    ALOPS_S2S_EMULATOR_CA_DIR=$caDir"
    Write-Host "    ALOPS_S2S_EMULATOR_DLL=$emulatorDll"
    Write-Host "    ALOPS_S2S_MODULE_PATH=$ManifestPath"
    Write-Host "    ALOPS_S2S_TEST_DIR=$TestDir"
    Write-Host "    ALOPS_S2S_PACKAGE_PATH=$($env:ALOPS_S2S_PACKAGE_PATH)"
    return $resultsDir
}

function Start-LoggedProcess([string] $Name, [string] $FilePath, [string[]] $ArgumentList, [string] $LogPath) {
    # A test run in the background beside the one in the foreground; its console output goes to a file that
    # Wait-LoggedProcess prints in one piece, so the outputs never interleave. Start-Process joins its arguments with
    # spaces: the caller quotes paths.
    $process = Start-Process -FilePath $FilePath -ArgumentList $ArgumentList -NoNewWindow -PassThru `
        -RedirectStandardOutput $LogPath -RedirectStandardError "$LogPath.stderr"
    $null = $process.Handle # keeps the exit code readable after the process ends
    [pscustomobject]@{ Name = $Name; Process = $process; Log = $LogPath; Started = [DateTime]::UtcNow }
}

function Wait-LoggedProcess($Run) {
    # Prints the run's output; returns its exit code and how long it ran.
    $Run.Process.WaitForExit()
    Write-Step "$($Run.Name): output"
    Get-Content -LiteralPath $Run.Log, "$($Run.Log).stderr" -ErrorAction Ignore | Out-Host
    # Process.StartTime cannot be read once a process has ended on Linux; ExitTime may not be either.
    $ended = try { $Run.Process.ExitTime.ToUniversalTime() } catch { [DateTime]::UtcNow }
    [pscustomobject]@{ ExitCode = $Run.Process.ExitCode; Duration = $ended - $Run.Started }
}

function Start-XunitTests([string] $ResultsDir) {
    Write-Step 'xunit: tests/ALOps.S2S.Tests (in the background; its output follows when it ends)'
    $filter = if ($XunitFilter) { @('--filter', "`"$XunitFilter`"") } else { @() }
    $arguments = @('test', "`"$(Join-Path $RepoRoot 'tests/ALOps.S2S.Tests/ALOps.S2S.Tests.csproj')`"", '-c', $Configuration, '--no-build', '-nologo') +
        $filter + @('--logger', '"trx;LogFileName=xunit.trx"', '--logger', '"console;verbosity=normal"', '--results-directory', "`"$ResultsDir`"")
    Start-LoggedProcess -Name 'xunit' -FilePath 'dotnet' -ArgumentList $arguments -LogPath (Join-Path $ResultsDir 'xunit.log')
}

function Complete-XunitTests($Run, [string] $ResultsDir) {
    $exit = Wait-LoggedProcess $Run
    $trx = Join-Path $ResultsDir 'xunit.trx'
    if (-not (Test-Path -LiteralPath $trx)) {
        Write-Warning "xunit wrote no result file ($trx); dotnet test exited with $($exit.ExitCode)."
        return [pscustomobject]@{ Name = 'xunit'; Passed = 0; Failed = 1; Skipped = 0; Crashed = $true; Duration = $exit.Duration }
    }
    $counters = (Select-Xml -LiteralPath $trx -XPath "//*[local-name()='Counters']" | Select-Object -First 1).Node
    $passed = [int]$counters.passed
    $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    # trx counts a skipped xunit test in total but not as executed (its notExecuted counter stays 0).
    $skipped = [Math]::Max([int]$counters.notExecuted, [int]$counters.total - [int]$counters.executed)
    if ($exit.ExitCode -ne 0 -and $failed -eq 0) {
        Write-Warning "dotnet test exited with $($exit.ExitCode) although no test failed; counting the run as one failure."
        $failed = 1
    }
    [pscustomobject]@{ Name = 'xunit'; Passed = $passed; Failed = $failed; Skipped = $skipped; Crashed = $false; Duration = $exit.Duration }
}

function Install-Pester {
    if (Test-Path -LiteralPath $PesterManifest) { return }
    Write-Step "Pester $PesterVersion from NuGet"
    Invoke-Dotnet 'Restoring Pester' @(
        'restore', (Join-Path $RepoRoot 'tools/pester/pester.csproj'), '--packages', (Join-Path $RepoRoot '.tools/nuget'), '-nologo', '-v:minimal')
    if (-not (Test-Path -LiteralPath $PesterManifest)) {
        throw "Pester was restored but $PesterManifest is missing."
    }
}

function Install-CoexistencePackages {
    # Older Microsoft.Graph.Core / Kiota copies that Isolation.Tests.ps1 loads beside the module.
    if (Test-Path -LiteralPath (Join-Path $RepoRoot '.tools/nuget/microsoft.graph.core/3.2.4/lib/netstandard2.0/Microsoft.Graph.Core.dll')) { return }
    Invoke-Dotnet 'Restoring coexistence packages' @(
        'restore', (Join-Path $RepoRoot 'tools/coexistence/coexistence.csproj'), '--packages', (Join-Path $RepoRoot '.tools/nuget'), '-nologo', '-v:minimal')
}

function Get-PesterLanes {
    # The Pester files in lanes that run side by side, each in its own child pwsh with its own shared emulator: the
    # lanes of $PesterOtherLanes (those of their files that are asked for), and the first lane with every other file.
    $files = if ($PesterPath) { @($PesterPath | ForEach-Object { Get-Item -LiteralPath $_ }) }
    else { @(Get-ChildItem -LiteralPath (Join-Path $RepoRoot 'tests/Module') -Filter '*.Tests.ps1' -File -Recurse | Sort-Object FullName) }
    # A lane runs its files in the order $PesterOtherLanes gives: the file that waits out real budgets first, on a fresh emulator.
    $others = @(foreach ($lane in $PesterOtherLanes) {
            $inLane = @(foreach ($name in $lane) { $files | Where-Object Name -EQ $name })
            if ($inLane) { , @($inLane.FullName) }
        })
    $rest = @($files | Where-Object Name -NotIn ($PesterOtherLanes | ForEach-Object { $_ }))
    if (-not $rest) { if ($others.Count -eq 1) { , $others[0] } else { , @($files.FullName) }; return }
    , @($rest.FullName)
    foreach ($lane in $others) { , $lane }
}

function Get-PesterArguments([string[]] $Files, [string] $ResultsDir, [string] $Suffix) {
    @('-NoProfile', '-NonInteractive', '-File', "`"$(Join-Path $RepoRoot 'build/Invoke-PesterTests.ps1')`"",
        '-PesterManifest', "`"$PesterManifest`"", '-Path', "`"$($Files -join ',')`"",
        '-ResultPath', "`"$(Join-Path $ResultsDir "pester$Suffix.xml")`"", '-CountsPath', "`"$(Join-Path $ResultsDir "pester-counts$Suffix.json")`"")
}

function Read-PesterCounts([string] $CountsPath, [int] $ExitCode) {
    if (-not (Test-Path -LiteralPath $CountsPath)) {
        Write-Warning "Pester wrote no counts ($CountsPath); the child pwsh exited with $ExitCode."
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; Crashed = $true }
    }
    $c = Get-Content -LiteralPath $CountsPath -Raw | ConvertFrom-Json
    $failed = [int]$c.Failed
    if ($ExitCode -ne 0 -and $failed -eq 0) {
        Write-Warning "The Pester run exited with $ExitCode although no test failed; counting the run as one failure."
        $failed = 1
    }
    [pscustomobject]@{ Passed = [int]$c.Passed; Failed = $failed; Skipped = [int]$c.Skipped; Crashed = $false }
}

function Invoke-PesterTests([string] $ResultsDir) {
    Install-Pester
    Install-CoexistencePackages
    $started = [DateTime]::UtcNow
    $lanes = @(Get-PesterLanes)
    Push-Location $RepoRoot
    try {
        # Lanes after the first run in the background (results pester-2.xml, ...); the first runs in the foreground.
        $background = for ($i = 1; $i -lt $lanes.Count; $i++) {
            Write-Step "Pester lane $($i + 1): $(@($lanes[$i] | Split-Path -Leaf) -join ', ') (in the background; its output follows when it ends)"
            $lane = Start-LoggedProcess -Name "Pester lane $($i + 1)" -FilePath 'dotnet' -ArgumentList (@('pwsh') + (Get-PesterArguments $lanes[$i] $ResultsDir "-$($i + 1)")) `
                -LogPath (Join-Path $ResultsDir "pester-$($i + 1).log")
            $lane | Add-Member -NotePropertyName CountsPath -NotePropertyValue (Join-Path $ResultsDir "pester-counts-$($i + 1).json") -PassThru
        }
        Write-Step "Pester: $(if ($lanes.Count -gt 1) { 'the other files of ' })tests/Module (child pwsh)"
        & dotnet pwsh @(Get-PesterArguments $lanes[0] $ResultsDir '' | ForEach-Object { $_.Trim('"') }) | Out-Host
        $results = @(Read-PesterCounts (Join-Path $ResultsDir 'pester-counts.json') $LASTEXITCODE)
        foreach ($lane in $background) {
            $exit = Wait-LoggedProcess $lane
            $results += Read-PesterCounts $lane.CountsPath $exit.ExitCode
        }
    }
    finally {
        Pop-Location
    }
    [pscustomobject]@{
        Name     = 'Pester'
        Passed   = [int]($results | Measure-Object Passed -Sum).Sum
        Failed   = [int]($results | Measure-Object Failed -Sum).Sum
        Skipped  = [int]($results | Measure-Object Skipped -Sum).Sum
        Crashed  = [bool]($results | Where-Object Crashed)
        Duration = [DateTime]::UtcNow - $started
    }
}

function Invoke-TestTask {
    $resultsDir = Initialize-TestEnvironment
    $subset = $PesterPath -or $XunitFilter
    $xunit = if (-not $subset -or $XunitFilter) { Start-XunitTests $resultsDir }
    $parts = @(
        if (-not $subset -or $PesterPath) { Invoke-PesterTests $resultsDir }
        if ($xunit) { Complete-XunitTests $xunit $resultsDir }
    ) | Sort-Object Name -Descending # xunit first, as before
    Write-Host ''
    foreach ($p in $parts) {
        Write-Host ("{0,-7} {1} passed, {2} failed, {3} skipped in {4}{5}" -f $p.Name, $p.Passed, $p.Failed, $p.Skipped, (Format-Duration $p.Duration),
            $(if ($p.Crashed) { ' (no results: the run did not complete)' } else { '' }))
    }
    $passed = ($parts | Measure-Object Passed -Sum).Sum
    $failed = ($parts | Measure-Object Failed -Sum).Sum
    $skipped = ($parts | Measure-Object Skipped -Sum).Sum
    if ($passed + $failed -eq 0) {
        Write-Warning 'No test ran.'
        $failed = 1
    }
    return [pscustomobject]@{ Passed = [int]$passed; Failed = [int]$failed; Skipped = [int]$skipped }
}

function Invoke-DemoTask {
    $null = Initialize-TestEnvironment
    Write-Step 'Demo: design 1A against the emulator'
    $state = Join-Path $OutDir 'demo'
    Reset-Directory $state
    $pwsh = Get-PwshCommand
    & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'build/Invoke-Demo.ps1') -ModulePath $ManifestPath -StateDirectory $state | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

function Invoke-BenchTask {
    # The benchmarks that talk to the emulator need the same trust and paths as the tests.
    $null = Initialize-TestEnvironment
    Write-Step 'Bench'
    $scripts = @(Get-ChildItem -LiteralPath (Join-Path $RepoRoot 'bench') -Filter '*.ps1' -File | Sort-Object Name)
    if (-not $scripts) {
        Write-Host '    no bench/*.ps1'
        return
    }
    $pwsh = Get-PwshCommand
    foreach ($script in $scripts) {
        Write-Host "--- $($script.Name)"
        & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -File $script.FullName -ModulePath $ManifestPath | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "bench/$($script.Name) failed (exit code $LASTEXITCODE)." }
    }
}

function Invoke-LiveTestTask {
    $null = Initialize-TestEnvironment
    Write-Step 'LiveTest: the journey against a real tenant, recorded'
    $output = Join-Path $OutDir ('live/' + [DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss'))
    $pwsh = Get-PwshCommand
    & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'build/Invoke-LiveTest.ps1') -ModulePath $ManifestPath `
        -EmulatorDll $env:ALOPS_S2S_EMULATOR_DLL -CaDirectory $env:ALOPS_S2S_EMULATOR_CA_DIR -OutputDirectory $output | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "LiveTest failed (exit code $LASTEXITCODE); see $output." }
}

#endregion

#region main -----------------------------------------------------------------------------------------------

# LiveTest without its settings explains them and stops before building anything: nothing ran, nothing failed.
if ('LiveTest' -in $Task) {
    . (Join-Path $RepoRoot 'build/LiveTestSettings.ps1')
    if (-not (Get-LiveTestSettings).Configured) {
        Write-LiveTestHelp
        $Task = @($Task | Where-Object { $_ -ne 'LiveTest' })
        if (-not $Task) { exit 0 }
    }
}

$ordered = @('Build', 'Package', 'Test', 'Demo', 'Bench', 'LiveTest') | Where-Object {
    $_ -in $Task -or ($_ -eq 'Build') -or ($_ -eq 'Package' -and 'Test' -in $Task)
}
$testResult = $null
try {
    foreach ($t in $ordered) {
        switch ($t) {
            'Build' { Invoke-BuildTask }
            'Package' { Invoke-PackageTask }
            'Test' {
                $testStarted = [DateTime]::UtcNow
                $testResult = Invoke-TestTask
                $testDuration = [DateTime]::UtcNow - $testStarted
            }
            'Demo' { Invoke-DemoTask }
            'Bench' { Invoke-BenchTask }
            'LiveTest' { Invoke-LiveTestTask }
        }
    }
}
catch {
    Write-Host ''
    Write-Host "build.ps1 -Task $($Task -join ',') FAILED: $($_.Exception.Message)" -ForegroundColor Red
    if ($_.InvocationInfo -and $_.InvocationInfo.PositionMessage) {
        Write-Host $_.InvocationInfo.PositionMessage -ForegroundColor DarkGray
    }
    if ('Test' -in $Task) {
        Write-Host '0 passed, 1 failed'
    }
    exit 1
}

if ($testResult) {
    # The Test step itself (xunit and Pester side by side), then the whole command including build and package.
    Write-Host ('Test: {0} (the whole command, with build and package: {1})' -f (Format-Duration $testDuration), (Format-Duration ([DateTime]::UtcNow - $scriptStarted)))
    $line = '{0} passed, {1} failed' -f $testResult.Passed, $testResult.Failed
    if ($testResult.Skipped -gt 0) { $line += ', {0} skipped' -f $testResult.Skipped }
    Write-Host $line
    if ($testResult.Failed -gt 0) { exit 1 }
}
exit 0

#endregion
