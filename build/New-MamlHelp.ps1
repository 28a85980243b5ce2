<#
.SYNOPSIS
    Turns docs/help/*.md into the module's help: en-US/ALOps.S2S.dll-Help.xml (MAML) and
    en-US/about_ALOps.S2S.help.txt.

.DESCRIPTION
    A small stand-in for platyPS (not available from the project's package source). Prose comes from the
    markdown (SYNOPSIS, DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS, NOTES, RELATED LINKS); syntax,
    types, positions, defaults and pipeline input come from the cmdlets themselves, so the MAML cannot drift from
    the code. Imports the built module, so run it in a process of its own (build.ps1 does).

.PARAMETER ModulePath
    The built manifest (out/module/ALOps.S2S/ALOps.S2S.psd1).

.PARAMETER OutputDirectory
    Where to write the two files (default: module/en-US of the repository).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $DocsDirectory = (Join-Path $PSScriptRoot '../docs/help'),
    [string] $OutputDirectory = (Join-Path $PSScriptRoot '../module/en-US')
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# -WhatIf and -Confirm (the optional common parameters) are shown in the syntax, as Get-Help does for cmdlets.
$CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters

function Read-HelpMarkdown([string] $Path) {
    # Sections keyed by '## ' heading; each holds its lines, and '### ' subsections where the format has them.
    $lines = (Get-Content -LiteralPath $Path -Raw) -replace "`r", '' -split "`n"
    $start = 0
    if ($lines[0] -eq '---') { $start = [array]::IndexOf($lines, '---', 1) + 1 }
    $doc = [ordered]@{ Name = $null; Sections = [ordered]@{} }
    $section = $null
    $sub = $null
    $inFence = $false
    foreach ($line in $lines[$start..($lines.Count - 1)]) {
        if ($line.StartsWith('```')) { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^# (.+)$') { $doc.Name = $Matches[1].Trim(); continue }
        if (-not $inFence -and $line -match '^## (.+)$') {
            $section = [ordered]@{ Lines = [System.Collections.Generic.List[string]]::new(); Subsections = [System.Collections.Generic.List[object]]::new() }
            $doc.Sections[$Matches[1].Trim()] = $section
            $sub = $null
            continue
        }
        if (-not $inFence -and $line -match '^### (.+)$' -and $section) {
            $sub = [ordered]@{ Title = $Matches[1].Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            $section.Subsections.Add($sub)
            continue
        }
        if ($sub) { $sub.Lines.Add($line) } elseif ($section) { $section.Lines.Add($line) }
    }
    $doc
}

function Split-Paragraphs([string[]] $Lines) {
    # Blank-line separated paragraphs, each joined into one line (list items keep their own line).
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        if ($line.Trim() -eq '') {
            if ($current.Count) { $paragraphs.Add(($current -join "`n")); $current.Clear() }
            continue
        }
        $current.Add($(if ($line -match '^\s*[-*] ') { $line.Trim() } else { $line.Trim() }))
    }
    if ($current.Count) { $paragraphs.Add(($current -join "`n")) }
    @($paragraphs | ForEach-Object {
            # Lines of a list stay apart; the lines of one sentence flow together.
            ($_ -split "`n" | ForEach-Object { $_ }) -join $(if ($_ -match '(?m)^[-*] ') { "`n" } else { ' ' })
        } | ForEach-Object { $_ -replace '`', '' })
}

function Get-SectionText($Doc, [string] $Name) {
    if (-not $Doc.Sections.Contains($Name)) { return @() }
    Split-Paragraphs $Doc.Sections[$Name].Lines
}

function Write-Paras([System.Xml.XmlWriter] $w, [string[]] $Paragraphs) {
    $w.WriteStartElement('maml', 'description', $script:Maml)
    foreach ($p in $Paragraphs) { $w.WriteElementString('maml', 'para', $script:Maml, $p) }
    $w.WriteEndElement()
}

function Get-TypeName([type] $Type) {
    if ($Type.IsArray) { return (Get-TypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType -and $Type.GetGenericTypeDefinition() -eq [Nullable`1]) { return Get-TypeName $Type.GetGenericArguments()[0] }
    $Type.Name
}

function Get-PipelineInput($ParameterAttributes) {
    $byValue = @($ParameterAttributes | Where-Object ValueFromPipeline).Count -gt 0
    $byName = @($ParameterAttributes | Where-Object ValueFromPipelineByPropertyName).Count -gt 0
    if ($byValue -and $byName) { 'True (ByValue, ByPropertyName)' } elseif ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }
}

function Get-DefaultValue([type] $CmdletType, [string] $Name) {
    $property = $CmdletType.GetProperty($Name)
    if (-not $property) { return 'False' } # -WhatIf, -Confirm
    $value = $property.GetValue([Activator]::CreateInstance($CmdletType))
    if ($null -eq $value) { return 'None' }
    if ($value -is [System.Management.Automation.SwitchParameter]) { return 'False' }
    if ($value -is [array]) { return ($value | ForEach-Object { "$_" }) -join ', ' }
    "$value"
}

function Write-Parameter([System.Xml.XmlWriter] $w, $Command, [string] $Name, [string[]] $Description, $SetParameter) {
    $meta = $Command.Parameters[$Name]
    $attributes = @($meta.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
    # In the parameter list, required means required in every parameter set that has it (Connect's -TenantId is not).
    $required = if ($SetParameter) { $SetParameter.IsMandatory } else { @($attributes | Where-Object { -not $_.Mandatory }).Count -eq 0 }
    $position = if ($SetParameter) { $SetParameter.Position } else { ($attributes | Select-Object -First 1).Position }
    $isSwitch = $meta.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $typeName = Get-TypeName $meta.ParameterType
    $w.WriteStartElement('command', 'parameter', $script:Command)
    $w.WriteAttributeString('required', "$required".ToLowerInvariant())
    $w.WriteAttributeString('variableLength', "$($meta.ParameterType.IsArray)".ToLowerInvariant())
    $w.WriteAttributeString('globbing', 'false')
    $w.WriteAttributeString('pipelineInput', (Get-PipelineInput $attributes))
    $w.WriteAttributeString('position', $(if ($position -ge 0) { "$position" } else { 'named' }))
    $w.WriteAttributeString('aliases', $(if ($meta.Aliases.Count) { $meta.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $script:Maml, $Name)
    Write-Paras $w $Description
    if (-not $isSwitch -or -not $SetParameter) {
        $w.WriteStartElement('command', 'parameterValue', $script:Command)
        $w.WriteAttributeString('required', "$(-not $isSwitch)".ToLowerInvariant())
        $w.WriteAttributeString('variableLength', "$($meta.ParameterType.IsArray)".ToLowerInvariant())
        $w.WriteString($typeName)
        $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $script:Dev)
    $w.WriteElementString('maml', 'name', $script:Maml, $typeName)
    $w.WriteEndElement()
    $w.WriteElementString('dev', 'defaultValue', $script:Dev, $(Get-DefaultValue $Command.ImplementingType $Name))
    $w.WriteEndElement()
}

function Write-TypeList([System.Xml.XmlWriter] $w, $Doc, [string] $Section, [string] $ListElement, [string] $ItemElement) {
    $w.WriteStartElement('command', $ListElement, $script:Command)
    if ($Doc.Sections.Contains($Section)) {
        foreach ($sub in $Doc.Sections[$Section].Subsections) {
            $w.WriteStartElement('command', $ItemElement, $script:Command)
            $w.WriteStartElement('dev', 'type', $script:Dev)
            $w.WriteElementString('maml', 'name', $script:Maml, $sub.Title)
            $w.WriteEndElement()
            Write-Paras $w (Split-Paragraphs $sub.Lines)
            $w.WriteEndElement()
        }
    }
    $w.WriteEndElement()
}

function Write-Command([System.Xml.XmlWriter] $w, $Doc) {
    $command = Get-Command -Name $Doc.Name -CommandType Cmdlet
    $parameterDocs = [ordered]@{}
    foreach ($sub in $Doc.Sections['PARAMETERS'].Subsections) { $parameterDocs[$sub.Title.TrimStart('-')] = @(Split-Paragraphs $sub.Lines) }

    $w.WriteStartElement('command', 'command', $script:Command)
    $w.WriteAttributeString('xmlns', 'maml', $null, $script:Maml)
    $w.WriteAttributeString('xmlns', 'command', $null, $script:Command)
    $w.WriteAttributeString('xmlns', 'dev', $null, $script:Dev)
    $w.WriteStartElement('command', 'details', $script:Command)
    $w.WriteElementString('command', 'name', $script:Command, $command.Name)
    $w.WriteElementString('command', 'verb', $script:Command, $command.Verb)
    $w.WriteElementString('command', 'noun', $script:Command, $command.Noun)
    Write-Paras $w (Get-SectionText $Doc 'SYNOPSIS')
    $w.WriteEndElement()
    Write-Paras $w (Get-SectionText $Doc 'DESCRIPTION')

    $w.WriteStartElement('command', 'syntax', $script:Command)
    foreach ($set in $command.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $script:Command)
        $w.WriteElementString('maml', 'name', $script:Maml, $command.Name)
        $visible = @($set.Parameters | Where-Object { $_.Name -notin $CommonParameters -and -not (Test-DontShow $command $_.Name) })
        $ordered = @($visible | Where-Object Position -ge 0 | Sort-Object Position) + @($visible | Where-Object Position -lt 0)
        foreach ($p in $ordered) { Write-Parameter $w $command $p.Name @($parameterDocs[$p.Name] | Select-Object -First 1) $p }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $script:Command)
    foreach ($name in $parameterDocs.Keys) {
        if (-not $command.Parameters.ContainsKey($name)) { throw "$($Doc.Name).md documents -$name, which the cmdlet does not have." }
        if (Test-DontShow $command $name) { continue } # hidden: documented for maintainers in docs/help only
        Write-Parameter $w $command $name $parameterDocs[$name] $null
    }
    $w.WriteEndElement()

    Write-TypeList $w $Doc 'INPUTS' 'inputTypes' 'inputType'
    Write-TypeList $w $Doc 'OUTPUTS' 'returnValues' 'returnValue'

    $w.WriteStartElement('maml', 'alertSet', $script:Maml)
    $w.WriteStartElement('maml', 'alert', $script:Maml)
    foreach ($p in (Get-SectionText $Doc 'NOTES')) { $w.WriteElementString('maml', 'para', $script:Maml, $p) }
    $w.WriteEndElement()
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'examples', $script:Command)
    foreach ($example in $Doc.Sections['EXAMPLES'].Subsections) {
        $fenceStart = $example.Lines.FindIndex([Predicate[string]] { param($l) $l.StartsWith('```') })
        $fenceEnd = $example.Lines.FindIndex($fenceStart + 1, [Predicate[string]] { param($l) $l.StartsWith('```') })
        if ($fenceStart -lt 0 -or $fenceEnd -lt 0) { throw "$($Doc.Name).md: '$($example.Title)' has no code block." }
        $w.WriteStartElement('command', 'example', $script:Command)
        $w.WriteElementString('maml', 'title', $script:Maml, "-------------------------- $($example.Title) --------------------------")
        $w.WriteElementString('dev', 'code', $script:Dev, ($example.Lines.GetRange($fenceStart + 1, $fenceEnd - $fenceStart - 1) -join "`n"))
        $w.WriteStartElement('dev', 'remarks', $script:Dev)
        foreach ($p in (Split-Paragraphs $example.Lines.GetRange($fenceEnd + 1, $example.Lines.Count - $fenceEnd - 1))) { $w.WriteElementString('maml', 'para', $script:Maml, $p) }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $script:Command)
    foreach ($line in $Doc.Sections['RELATED LINKS'].Lines) {
        if ($line -notmatch '^\s*-\s+(.+)$') { continue }
        $text, $uri = if ($Matches[1] -match '^\[(.+)\]\((.+)\)$') { $Matches[1], $Matches[2] } else { $Matches[1].Trim(), '' }
        $w.WriteStartElement('maml', 'navigationLink', $script:Maml)
        $w.WriteElementString('maml', 'linkText', $script:Maml, $text)
        $w.WriteElementString('maml', 'uri', $script:Maml, $uri)
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndElement()
}

function Test-DontShow($Command, [string] $Name) {
    @($Command.Parameters[$Name].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }).Count -gt 0
}

function ConvertTo-AboutText([string] $Path) {
    # Headings become upper-case titles; prose and code are indented the way about_ topics are.
    $out = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in ((Get-Content -LiteralPath $Path -Raw) -replace "`r", '' -split "`n")) {
        if ($line.StartsWith('```')) { $inFence = -not $inFence; continue }
        if ($inFence) { $out.Add($(if ($line) { '        ' + $line } else { '' })); continue }
        if ($line -match '^# (.+)$') { $out.Add('TOPIC'); $out.Add('    ' + $Matches[1].Trim()); continue }
        if ($line -match '^#{2,} (.+)$') { $out.Add($Matches[1].Trim().ToUpperInvariant()); continue }
        $out.Add($(if ($line.Trim()) { '    ' + ($line.TrimEnd() -replace '`', '') } else { '' }))
    }
    ($out -join "`n").TrimEnd() + "`n"
}

$script:Maml = 'http://schemas.microsoft.com/maml/2004/10'
$script:Command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:Dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

Import-Module -Name (Resolve-Path -LiteralPath $ModulePath).ProviderPath -Force
$module = Get-Module -Name ALOps.S2S
$null = New-Item -ItemType Directory -Path $OutputDirectory -Force

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.NewLineChars = "`n"
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$buffer = [System.IO.MemoryStream]::new()
$w = [System.Xml.XmlWriter]::Create($buffer, $settings)
$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh')
$w.WriteAttributeString('schema', 'maml')
foreach ($name in ($module.ExportedCmdlets.Keys | Sort-Object)) {
    $path = Join-Path $DocsDirectory "$name.md"
    if (-not (Test-Path -LiteralPath $path)) { throw "No help source for $name ($path)." }
    Write-Command $w (Read-HelpMarkdown $path)
}
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Dispose()
[System.IO.File]::WriteAllBytes((Join-Path $OutputDirectory 'ALOps.S2S.dll-Help.xml'), $buffer.ToArray())

$about = ConvertTo-AboutText (Join-Path $DocsDirectory 'about_ALOps.S2S.md')
[System.IO.File]::WriteAllText((Join-Path $OutputDirectory 'about_ALOps.S2S.help.txt'), $about, [System.Text.UTF8Encoding]::new($false))
Write-Host "    help: $OutputDirectory (ALOps.S2S.dll-Help.xml, about_ALOps.S2S.help.txt)"
