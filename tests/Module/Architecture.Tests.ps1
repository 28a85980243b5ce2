#Requires -Modules Pester
# The shape of the engine (src/ALOps.S2S.Core) that docs/architecture.md describes: slices over shared layers
# without namespace cycles, and error ids spelled only in the catalogue.

BeforeAll {
    $script:SourceRoot = Join-Path $PSScriptRoot '../../src' | Resolve-Path | Select-Object -ExpandProperty Path
    $script:CoreRoot = Join-Path $script:SourceRoot 'ALOps.S2S.Core'
    $script:CatalogueFolder = Join-Path $script:CoreRoot 'Errors'

    function Get-CSharpSource([string] $Root) {
        Get-ChildItem -LiteralPath $Root -Filter *.cs -Recurse -File |
            Where-Object { $_.FullName -notmatch '[\\/](obj|bin)[\\/]' }
    }

    # Namespace -> the Core namespaces its files import (by using or by a qualified name).
    function Get-CoreNamespaceGraph {
        $graph = @{}
        foreach ($file in Get-CSharpSource $script:CoreRoot) {
            $text = Get-Content -LiteralPath $file.FullName -Raw
            $namespace = [regex]::Match($text, '(?m)^namespace ([\w.]+)').Groups[1].Value
            if (-not $graph.ContainsKey($namespace)) { $graph[$namespace] = [System.Collections.Generic.HashSet[string]]::new() }
            foreach ($match in [regex]::Matches($text, '(?m)^using (ALOps\.S2S\.Core[\w.]*);')) { [void]$graph[$namespace].Add($match.Groups[1].Value) }
            foreach ($match in [regex]::Matches($text, '(?<!namespace )(ALOps\.S2S\.Core\.\w+)\.')) { [void]$graph[$namespace].Add($match.Groups[1].Value) }
            [void]$graph[$namespace].Remove($namespace)
        }
        $graph
    }

    function Find-Cycle([hashtable] $Graph) {
        foreach ($start in $Graph.Keys) {
            $seen = [System.Collections.Generic.HashSet[string]]::new()
            $stack = [System.Collections.Generic.Stack[object]]::new()
            $stack.Push(@($start))
            while ($stack.Count -gt 0) {
                $path = $stack.Pop()
                foreach ($next in $Graph[$path[-1]]) {
                    if ($next -eq $start) { return ($path + $next) -join ' -> ' }
                    if ($Graph.ContainsKey($next) -and $seen.Add($next)) { $stack.Push(@($path + $next)) }
                }
            }
        }
        $null
    }
}

Describe 'The engine''s namespaces' {
    It 'import no namespace that imports them back (directly or around a loop)' {
        $graph = Get-CoreNamespaceGraph
        $graph.Count | Should -BeGreaterThan 10
        Find-Cycle $graph | Should -BeNullOrEmpty
    }

    It 'finds a loop when there is one (the check itself can fail)' {
        $graph = @{ A = [System.Collections.Generic.HashSet[string]]@('B'); B = [System.Collections.Generic.HashSet[string]]@('C'); C = [System.Collections.Generic.HashSet[string]]@('A') }
        Find-Cycle $graph | Should -Match 'A -> B -> C -> A|B -> C -> A -> B|C -> A -> B -> C'
    }

    It 'are named after the cmdlets (slices) and the shared layers beneath them' {
        $folders = Get-ChildItem -LiteralPath $script:CoreRoot -Directory | Where-Object Name -NotIn 'obj', 'bin' | Select-Object -ExpandProperty Name
        foreach ($slice in 'Connect', 'NewApp', 'Grant', 'Register', 'Test', 'Kernel', 'Http', 'Identity', 'Graph', 'BusinessCentral', 'Errors') {
            $folders | Should -Contain $slice
        }
        $folders | Should -Not -Contain 'Setup'
        $folders | Should -Not -Contain 'Doctor'
    }
}

Describe 'Error ids' {
    It 'are spelled only in the catalogue: no "S2S. literal elsewhere in src' {
        $outside = Get-CSharpSource $script:SourceRoot |
            Where-Object { -not $_.FullName.StartsWith($script:CatalogueFolder) } |
            Select-String -Pattern '"S2S\.' -SimpleMatch:$false
        @($outside | ForEach-Object { "$($_.Path):$($_.LineNumber)" }) | Should -BeNullOrEmpty
    }

    It 'are each declared once in the catalogue' {
        $catalogue = Get-Content -LiteralPath (Join-Path $script:CatalogueFolder 'S2SErrors.cs') -Raw
        $names = @([regex]::Matches($catalogue, 'public static readonly S2SErrorId (\w+)') | ForEach-Object { $_.Groups[1].Value })
        $names.Count | Should -BeGreaterThan 50
        @($names | Group-Object | Where-Object Count -GT 1 | Select-Object -ExpandProperty Name) | Should -BeNullOrEmpty
    }
}
