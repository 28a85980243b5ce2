<#
.SYNOPSIS
    Trims Microsoft.Graph.dll in the module's dependencies/ to what the engine uses (ILLink), so that it can be shipped
    compiled ahead: the whole SDK is 42.5 MB of IL (about 90 MB per platform compiled), the engine reaches some 5 MB.

.DESCRIPTION
    Called by build.ps1 (Build), after dependencies/ is assembled and before its ReadyToRun copies are compiled.

    Pass 1 links Microsoft.Graph with ALOps.S2S.Core as the root: every type the engine's code reaches is kept,
    through the request builders it calls and the models those read and write (their discriminator switches reach every
    derived model). Only Microsoft.Graph is linked; every other assembly is analysed, never changed.

    Pass 2 links again with a descriptor that keeps, whole, every type pass 1 kept, and the query-parameter classes
    nested in the request builders it kept. Kiota and Microsoft.Graph.Core read those by reflection, which the
    linker cannot follow: RequestInformation.AddQueryParameters reads a ...QueryParameters class's properties (their
    getters and [QueryParameter] names), PageIterator reads a collection response's Value and OdataNextLink, and
    Kiota's enum parsing reads an enum's fields. Kept whole, a type keeps every member those look for.

    The assembly keeps its identity (name, version, public key); its references stay on netstandard 2.0 (resolved
    against NETStandard.Library's reference assemblies, not a runtime's), so Windows PowerShell and PowerShell 7.4
    load it as before. Its strong-name and Authenticode signatures no longer match the changed bytes: .NET does not
    check strong names, .NET Framework skips the check for full-trust code such as PowerShell.
#>
[CmdletBinding()]
param(
    # The module's dependencies/ folder: Microsoft.Graph.dll there is replaced by its trimmed copy.
    [Parameter(Mandatory)] [string] $Dependencies,
    # illink.dll of the Microsoft.NET.ILLink.Tasks package (run with dotnet).
    [Parameter(Mandatory)] [string] $ILLink,
    # NETStandard.Library's ref/netstandard2.0 folder.
    [Parameter(Mandatory)] [string] $NetStandardReferences,
    # Scratch folder (emptied first).
    [Parameter(Mandatory)] [string] $WorkDirectory
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Invoke-ILLink([string] $Output, [string[]] $Extra) {
    $null = New-Item -ItemType Directory -Path $Output -Force
    # -a ... all: the engine whole is the root. Every assembly is copied (analysed, left as it is) except Microsoft.Graph.
    $arguments = @($ILLink, '-a', (Join-Path $Dependencies 'ALOps.S2S.Core.dll'), 'all', '-d', $Dependencies, '-d', $NetStandardReferences,
        '--trim-mode', 'copy', '--action', 'copy', '--action', 'link', 'Microsoft.Graph', '-out', $Output) + $Extra
    # Its trim-analysis warnings are about the reflection the descriptor answers (see above), in assemblies it copies.
    $log = & dotnet @arguments 2>&1
    if ($LASTEXITCODE -ne 0) { $log | Out-Host; throw "ILLink failed on Microsoft.Graph (exit code $LASTEXITCODE)." }
    Join-Path $Output 'Microsoft.Graph.dll'
}

function Read-Types([string] $Path, [scriptblock] $Select) {
    # The full names, as ILLink descriptors spell them (a nested type as Outer/Inner), of an assembly's types for which
    # $Select (given the metadata reader and the type definition) is true.
    # Disposing the PEReader, not only its stream, lets go of the file (it maps large files into memory).
    $pe = [System.Reflection.PortableExecutable.PEReader]::new([System.IO.File]::OpenRead($Path))
    try {
        $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
        foreach ($handle in $reader.TypeDefinitions) {
            $type = $reader.GetTypeDefinition($handle)
            if (& $Select $reader $type) { Get-FullName $reader $type }
        }
    }
    finally { $pe.Dispose() }
}

function Get-FullName($Reader, $Type) {
    $name = $Reader.GetString($Type.Name)
    if ($Type.IsNested) { return (Get-FullName $Reader $Reader.GetTypeDefinition($Type.GetDeclaringType())) + '/' + $name }
    $namespace = $Reader.GetString($Type.Namespace)
    if ($namespace) { "$namespace.$name" } else { $name }
}

$graph = Join-Path $Dependencies 'Microsoft.Graph.dll'
if (Test-Path -LiteralPath $WorkDirectory) { Remove-Item -LiteralPath $WorkDirectory -Recurse -Force }
$before = (Get-Item -LiteralPath $graph).Length

$firstPass = Invoke-ILLink (Join-Path $WorkDirectory 'pass1') @()
$keep = [System.Collections.Generic.SortedSet[string]]::new([System.StringComparer]::Ordinal)
foreach ($name in Read-Types $firstPass { param($reader, $type) $reader.GetString($type.Name) -ne '<Module>' }) { $null = $keep.Add($name) }
# The query-parameter classes of the request builders pass 1 kept (only the builders' methods name them, by generics).
$queryParameters = Read-Types $graph { param($reader, $type) $type.IsNested -and $reader.GetString($type.Name).EndsWith('QueryParameters') }
foreach ($name in $queryParameters) { if ($keep.Contains($name.Substring(0, $name.LastIndexOf('/')))) { $null = $keep.Add($name) } }
$descriptor = Join-Path $WorkDirectory 'Microsoft.Graph.keep.xml'
$lines = @('<linker>', '  <assembly fullname="Microsoft.Graph">') +
    @($keep | ForEach-Object { '    <type fullname="{0}" preserve="all" />' -f [System.Security.SecurityElement]::Escape($_) }) +
    @('  </assembly>', '</linker>')
Set-Content -LiteralPath $descriptor -Value $lines -Encoding utf8

$trimmed = Invoke-ILLink (Join-Path $WorkDirectory 'pass2') @('-x', $descriptor)
Copy-Item -LiteralPath $trimmed -Destination $graph -Force
Write-Host ('    dependencies/Microsoft.Graph.dll: trimmed to what the engine uses, {0:0.0} MB of {1:0.0} MB ({2} types kept whole)' -f ((Get-Item -LiteralPath $graph).Length / 1MB), ($before / 1MB), $keep.Count)
