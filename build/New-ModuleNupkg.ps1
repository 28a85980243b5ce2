<#
.SYNOPSIS
    Packs a built module folder into a .nupkg that PowerShell repositories (PSResourceGet, PowerShellGet,
    NuGet feeds such as the PowerShell Gallery or Azure Artifacts) accept.
.DESCRIPTION
    Same layout as Publish-PSResource produces: the module's files at the package root, <id>.nuspec,
    [Content_Types].xml, _rels/.rels and package/services/metadata/core-properties/*.psmdcp. The nuspec
    tags follow the PowerShellGet convention (PSModule, PSIncludes_Cmdlet, PSCmdlet_<name>,
    PSCommand_<name>, plus the manifest's PrivateData.PSData.Tags). Written with System.IO.Compression:
    no nuget.exe needed.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleDirectory,
    [Parameter(Mandatory)] [string] $ManifestPath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Add-Type -AssemblyName System.IO.Compression

$module = Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop
$id = $module.Name
$version = [string]$module.Version
$psData = $module.PrivateData['PSData']
$prerelease = if ($psData -and $psData['Prerelease']) { [string]$psData['Prerelease'] } else { '' }
if ($prerelease) { $version = "$version-$prerelease" }

$cmdlets = @($module.ExportedCmdlets.Keys | Sort-Object)
$functions = @($module.ExportedFunctions.Keys | Sort-Object)
$tags = [System.Collections.Generic.List[string]]::new()
$tags.Add('PSModule')
foreach ($t in @($module.Tags)) { if ($t -and -not $tags.Contains($t)) { $tags.Add($t) } }
if ($cmdlets) { $tags.Add('PSIncludes_Cmdlet') }
if ($functions) { $tags.Add('PSIncludes_Function') }
foreach ($c in $cmdlets) { $tags.Add("PSCmdlet_$c") }
foreach ($f in $functions) { $tags.Add("PSFunction_$f") }
foreach ($c in @($cmdlets) + @($functions)) { $tags.Add("PSCommand_$c") }
$tagText = ($tags | Where-Object { $_ -notmatch '\s' }) -join ' '

function ConvertTo-XmlText([string] $Text) { [System.Security.SecurityElement]::Escape($Text) }

$author = if ($module.Author) { $module.Author } else { $module.CompanyName }
$owners = if ($module.CompanyName) { $module.CompanyName } else { $author }
$optional = [System.Text.StringBuilder]::new()
if ($module.LicenseUri) { $null = $optional.AppendLine("    <licenseUrl>$(ConvertTo-XmlText $module.LicenseUri)</licenseUrl>") }
if ($module.ProjectUri) { $null = $optional.AppendLine("    <projectUrl>$(ConvertTo-XmlText $module.ProjectUri)</projectUrl>") }
if ($module.IconUri) { $null = $optional.AppendLine("    <iconUrl>$(ConvertTo-XmlText $module.IconUri)</iconUrl>") }
if ($module.ReleaseNotes) { $null = $optional.AppendLine("    <releaseNotes>$(ConvertTo-XmlText $module.ReleaseNotes)</releaseNotes>") }
if ($module.Copyright) { $null = $optional.AppendLine("    <copyright>$(ConvertTo-XmlText $module.Copyright)</copyright>") }

$nuspec = @"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
  <metadata>
    <id>$(ConvertTo-XmlText $id)</id>
    <version>$(ConvertTo-XmlText $version)</version>
    <authors>$(ConvertTo-XmlText $author)</authors>
    <owners>$(ConvertTo-XmlText $owners)</owners>
    <requireLicenseAcceptance>false</requireLicenseAcceptance>
$($optional.ToString().TrimEnd())
    <description>$(ConvertTo-XmlText $module.Description)</description>
    <tags>$(ConvertTo-XmlText $tagText)</tags>
  </metadata>
</package>
"@

$root = (Resolve-Path -LiteralPath $ModuleDirectory).ProviderPath.TrimEnd('/', '\')
$files = @(Get-ChildItem -LiteralPath $root -Recurse -File | Sort-Object FullName)
$extensions = [System.Collections.Generic.SortedSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
foreach ($f in $files) { if ($f.Extension) { $null = $extensions.Add($f.Extension.TrimStart('.')) } }
$null = $extensions.Add('nuspec')
$types = [System.Text.StringBuilder]::new()
$null = $types.AppendLine('<?xml version="1.0" encoding="utf-8"?>')
$null = $types.AppendLine('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">')
$null = $types.AppendLine('  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />')
$null = $types.AppendLine('  <Default Extension="psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml" />')
foreach ($e in $extensions) {
    if ($e -in 'rels', 'psmdcp') { continue }
    $null = $types.AppendLine("  <Default Extension=`"$(ConvertTo-XmlText $e)`" ContentType=`"application/octet`" />")
}
$null = $types.Append('</Types>')

$coreId = [guid]::NewGuid().ToString('N')
$corePath = "package/services/metadata/core-properties/$coreId.psmdcp"
$rels = @"
<?xml version="1.0" encoding="utf-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/$id.nuspec" Id="R$($coreId.Substring(0, 16).ToUpperInvariant())" />
  <Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="/$corePath" Id="R$($coreId.Substring(16, 16).ToUpperInvariant())" />
</Relationships>
"@
$core = @"
<?xml version="1.0" encoding="utf-8"?>
<coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">
  <dc:creator>$(ConvertTo-XmlText $author)</dc:creator>
  <dc:description>$(ConvertTo-XmlText $module.Description)</dc:description>
  <dc:identifier>$(ConvertTo-XmlText $id)</dc:identifier>
  <version>$(ConvertTo-XmlText $version)</version>
  <keywords>$(ConvertTo-XmlText $tagText)</keywords>
  <lastModifiedBy>ALOps.S2S build.ps1</lastModifiedBy>
</coreProperties>
"@

$outDir = Split-Path -Parent $OutputPath
if ($outDir -and -not (Test-Path -LiteralPath $outDir)) { $null = New-Item -ItemType Directory -Path $outDir -Force }
if (Test-Path -LiteralPath $OutputPath) { Remove-Item -LiteralPath $OutputPath -Force }

$utf8 = [System.Text.UTF8Encoding]::new($false)
$stream = [System.IO.File]::Open($OutputPath, [System.IO.FileMode]::CreateNew)
try {
    $zip = [System.IO.Compression.ZipArchive]::new($stream, [System.IO.Compression.ZipArchiveMode]::Create)
    try {
        function Add-TextEntry([string] $Name, [string] $Text) {
            $entry = $zip.CreateEntry($Name, [System.IO.Compression.CompressionLevel]::Optimal)
            $writer = [System.IO.StreamWriter]::new($entry.Open(), $utf8)
            try { $writer.Write($Text) } finally { $writer.Dispose() }
        }
        Add-TextEntry '_rels/.rels' $rels
        Add-TextEntry "$id.nuspec" $nuspec
        foreach ($f in $files) {
            $relative = $f.FullName.Substring($root.Length + 1).Replace('\', '/')
            $entryName = (($relative -split '/') | ForEach-Object { [uri]::EscapeDataString($_) }) -join '/'
            $entry = $zip.CreateEntry($entryName, [System.IO.Compression.CompressionLevel]::Optimal)
            $entry.LastWriteTime = $f.LastWriteTime
            $target = $entry.Open()
            $source = [System.IO.File]::OpenRead($f.FullName)
            try { $source.CopyTo($target) } finally { $source.Dispose(); $target.Dispose() }
        }
        Add-TextEntry '[Content_Types].xml' $types.ToString()
        Add-TextEntry $corePath $core
    }
    finally {
        $zip.Dispose()
    }
}
finally {
    $stream.Dispose()
}
