# Shared setup for the module-level Pester tests (Module.Tests.ps1, Isolation.Tests.ps1).
# Dot-source it from a BeforeAll block.

# The built manifest: build.ps1 -Task Test sets ALOPS_S2S_MODULE_PATH; a developer running Invoke-Pester by
# hand after `build.ps1 -Task Build` gets the default build output.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$script:ModulePath = if ($env:ALOPS_S2S_MODULE_PATH) { $env:ALOPS_S2S_MODULE_PATH } else { Join-Path $script:RepoRoot 'out/module/ALOps.S2S/ALOps.S2S.psd1' }
$script:ModuleRoot = Split-Path -Parent $script:ModulePath

function Get-S2SPwshCommand {
    # The pwsh that runs these tests, started directly (not through `dotnet pwsh`, whose host path is dotnet).
    $exe = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    if (Test-Path -LiteralPath $exe) {
        return @{ FilePath = $exe; Prefix = @() }
    }
    return @{ FilePath = 'dotnet'; Prefix = @((Join-Path $PSHOME 'pwsh.dll')) }
}

function Invoke-S2SChildPwsh {
    <#
    Runs $Script in a fresh `pwsh -NoProfile -NonInteractive` and returns
    @{ ExitCode; Output (all lines); Result (the object the script returned, via JSON); Error (message if it threw) }.
    $Environment adds variables for the child only. The script's last output object is the result. A child that
    runs longer than $TimeoutSeconds is killed (with its children) and reported as an error.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 180
    )
    $marker = '##S2S-RESULT##'
    $wrapped = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
try {
    `$__result = & {
$Script
    } | Select-Object -Last 1
    '$marker' + (ConvertTo-Json -InputObject @{ result = `$__result } -Depth 8 -Compress)
    exit 0
}
catch {
    '$marker' + (ConvertTo-Json -InputObject @{ error = (`$_ | Out-String) + (`$_.ScriptStackTrace) } -Depth 3 -Compress)
    exit 1
}
"@
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($wrapped))
    $pwsh = Get-S2SPwshCommand
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
    foreach ($argument in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)) {
        $startInfo.ArgumentList.Add($argument)
    }
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.RedirectStandardInput = $true
    foreach ($key in $Environment.Keys) { $startInfo.Environment[$key] = [string]$Environment[$key] }

    $process = [System.Diagnostics.Process]::Start($startInfo)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $timedOut = -not $process.WaitForExit($TimeoutSeconds * 1000)
        if ($timedOut) {
            $process.Kill($true)
            $process.WaitForExit()
        }
        $process.WaitForExit() # flush the asynchronous reads
        $lines = @(($stdout.GetAwaiter().GetResult() + $stderr.GetAwaiter().GetResult()) -split '\r?\n' | Where-Object { $_ -ne '' })
        $exitCode = $process.ExitCode
    }
    finally {
        $process.Dispose()
    }
    $payload = $lines | Where-Object { $_.StartsWith($marker) } | Select-Object -Last 1
    $parsed = if ($payload) { $payload.Substring($marker.Length) | ConvertFrom-Json } else { $null }
    $errorText = if ($timedOut) { "timed out after $TimeoutSeconds s; output:`n$($lines -join "`n")" }
    elseif ($parsed -and $parsed.PSObject.Properties['error']) { $parsed.error }
    elseif (-not $payload) { "no result (exit code $exitCode); output:`n$($lines -join "`n")" }
    else { $null }
    [pscustomobject]@{
        ExitCode = $exitCode
        Output   = $lines
        Result   = if ($parsed -and $parsed.PSObject.Properties['result']) { $parsed.result } else { $null }
        Error    = $errorText
    }
}

function Get-S2SAssemblyReferences {
    # Names of the assemblies a DLL references, read from metadata without loading it.
    param([Parameter(Mandatory)] [string] $Path)
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        try {
            $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            foreach ($handle in $reader.AssemblyReferences) {
                $reader.GetString($reader.GetAssemblyReference($handle).Name)
            }
        }
        finally { $pe.Dispose() }
    }
    finally { $stream.Dispose() }
}

function Get-S2STypeNames {
    # Full names of the types a DLL defines, read from metadata without loading it.
    param([Parameter(Mandatory)] [string] $Path)
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        try {
            $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            foreach ($handle in $reader.TypeDefinitions) {
                $type = $reader.GetTypeDefinition($handle)
                $namespace = $reader.GetString($type.Namespace)
                if ($namespace) { '{0}.{1}' -f $namespace, $reader.GetString($type.Name) } else { $reader.GetString($type.Name) }
            }
        }
        finally { $pe.Dispose() }
    }
    finally { $stream.Dispose() }
}

function Get-S2STargetFramework {
    # The TargetFrameworkAttribute value of a DLL (e.g. '.NETCoreApp,Version=v8.0'), read without loading it.
    param([Parameter(Mandatory)] [string] $Path)
    $text = [System.Text.Encoding]::UTF8.GetString([System.IO.File]::ReadAllBytes($Path))
    $match = [regex]::Match($text, '\.NET(CoreApp|Framework|Standard),Version=v[0-9.]+')
    if ($match.Success) { $match.Value } else { $null }
}
