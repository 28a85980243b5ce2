#Requires -Modules Pester
# The module's help: every cmdlet documented from docs/help (synopsis, description, examples, parameters), the
# about topic, and the committed MAML is exactly what build/New-MamlHelp.ps1 makes of the markdown.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    Import-Module $script:ModulePath -Force
    $script:Cmdlets = @((Get-Module ALOps.S2S).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    Import-Module $script:ModulePath -Force
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe '<Name> help' -ForEach $script:Cmdlets {
    BeforeAll {
        $script:Help = Get-Help -Name $Name -Full
        $script:Text = Get-Help -Name $Name -Full | Out-String -Width 200
    }

    It 'has a synopsis of its own (not the generated syntax)' {
        $script:Help.Synopsis | Should -Not -BeNullOrEmpty
        $script:Help.Synopsis | Should -Not -Match ([regex]::Escape($Name) + '\s+\[')
    }

    It 'has a description' {
        ($script:Help.Description.Text -join ' ').Length | Should -BeGreaterThan 40
    }

    It 'has at least three examples, each with code' {
        $examples = @($script:Help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 3
        foreach ($example in $examples) { $example.Code | Should -Not -BeNullOrEmpty }
    }

    It 'documents every parameter but the hidden ones, which it does not list' {
        $command = Get-Command -Name $Name
        $hidden = @($command.Parameters.Values | Where-Object { @($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }).Count } | ForEach-Object Name)
        foreach ($parameter in $hidden) {
            Get-Help -Name $Name -Parameter $parameter -ErrorAction SilentlyContinue | Should -BeNullOrEmpty -Because "-$parameter of $Name is hidden"
        }
        $parameters = $command.Parameters.Keys | Where-Object { $_ -notin $script:Common -and $_ -notin $hidden }
        foreach ($parameter in $parameters) {
            $documented = Get-Help -Name $Name -Parameter $parameter -ErrorAction SilentlyContinue
            ($documented.Description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }

    It 'names its inputs, outputs and related links' {
        $script:Help.InputTypes | Should -Not -BeNullOrEmpty
        $script:Help.ReturnValues | Should -Not -BeNullOrEmpty
        @($script:Help.RelatedLinks.NavigationLink).Count | Should -BeGreaterThan 0
    }

    It 'has no placeholder text' {
        $script:Text | Should -Not -Match '\{\{'
    }
}

Describe 'about_ALOps.S2S' {
    It 'is found by Get-Help and explains the concepts' {
        $text = Get-Help about_ALOps.S2S | Out-String
        foreach ($concept in 'operator', 'page 9860', 'ALOPS_S2S_AUTHORITY_HOST', 'AADSTS7000215', 'Register-ALOpsBcClient') {
            $text | Should -Match ([regex]::Escape($concept))
        }
    }
}

Describe 'Generated help files' {
    BeforeAll {
        $script:Generated = Join-Path $TestDrive 'en-US'
        $pwsh = Get-S2SPwshCommand
        & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $script:RepoRoot 'build/New-MamlHelp.ps1') `
            -ModulePath $script:ModulePath -OutputDirectory $script:Generated | Out-Null
        $script:ExitCode = $LASTEXITCODE
    }

    It 'are generated without error' {
        $script:ExitCode | Should -Be 0
    }

    It 'module/en-US/<_> is committed as generated from docs/help' -ForEach @('ALOps.S2S.dll-Help.xml', 'about_ALOps.S2S.help.txt') {
        $committed = Get-Content -LiteralPath (Join-Path $script:RepoRoot "module/en-US/$_") -Raw
        $fresh = Get-Content -LiteralPath (Join-Path $script:Generated $_) -Raw
        $committed | Should -BeExactly $fresh -Because 'build.ps1 -Task Build regenerates module/en-US; commit the result'
    }

    It 'ships <_> at the module root, where Get-Help looks' -ForEach @('ALOps.S2S.dll-Help.xml', 'about_ALOps.S2S.help.txt') {
        Join-Path $script:ModuleRoot "en-US/$_" | Should -Exist
    }
}

Describe 'README troubleshooting table' {
    It 'is the one build/New-TroubleshootingTable.ps1 makes of the diagnosis catalogues' {
        $pwsh = Get-S2SPwshCommand
        $core = Join-Path $script:ModuleRoot 'dependencies/ALOps.S2S.Core.dll'
        $fresh = (& $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $script:RepoRoot 'build/New-TroubleshootingTable.ps1') -CoreAssembly $core) -join "`n"
        $LASTEXITCODE | Should -Be 0
        $readme = (Get-Content -LiteralPath (Join-Path $script:RepoRoot 'README.md') -Raw) -replace "`r", ''
        $section = [regex]::Match($readme, '<!-- troubleshooting:begin[^>]*-->\n([\s\S]*?)\n<!-- troubleshooting:end -->').Groups[1].Value
        $fresh | Should -Match 'AADSTS7000215'
        $section | Should -BeExactly $fresh -Because 'run: dotnet pwsh -NoProfile -File build/New-TroubleshootingTable.ps1 -Update'
    }
}
