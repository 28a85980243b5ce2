#Requires -Modules Pester
# build.ps1 -Task LiveTest (issue #14 item 8): without settings it explains itself and exits 0 having run nothing; with
# the emulator given as the "real" cloud it runs the whole journey through the recording proxy and leaves a recording
# that passes its own secret scan and loads as a contract-sample set.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    $script:Pwsh = Get-S2SPwshCommand
    $script:LiveVariables = 'TENANT', 'SIGNIN', 'CLIENT_ID', 'CLIENT_SECRET', 'ENVIRONMENT', 'AUTHORITY_HOST', 'GRAPH_ENDPOINT', 'BC_ENDPOINT' | ForEach-Object { "ALOPS_S2S_LIVE_$_" }
    function script:Clear-LiveSettings { foreach ($name in $script:LiveVariables) { Remove-Item -LiteralPath "env:$name" -ErrorAction Ignore } }
}

AfterAll {
    Clear-LiveSettings
}

Describe 'build.ps1 -Task LiveTest without settings' {
    BeforeAll {
        Clear-LiveSettings
        $script:Output = & $script:Pwsh.FilePath @($script:Pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $script:RepoRoot 'build.ps1') -Task LiveTest *>&1 |
            Out-String | ForEach-Object { $_ -replace '\e\[[0-9;]*m', '' }
        $script:ExitCode = $LASTEXITCODE
    }

    It 'exits 0' {
        $script:ExitCode | Should -Be 0
    }

    It 'says that nothing ran and names every setting' {
        $script:Output | Should -Match 'LiveTest: nothing ran and no recording was written'
        foreach ($name in 'ALOPS_S2S_LIVE_TENANT', 'ALOPS_S2S_LIVE_SIGNIN', 'ALOPS_S2S_LIVE_CLIENT_ID', 'ALOPS_S2S_LIVE_CLIENT_SECRET', 'ALOPS_S2S_LIVE_ENVIRONMENT') {
            $script:Output | Should -Match $name
        }
    }

    It 'neither builds nor pretends to have recorded' {
        $script:Output | Should -Not -Match '==> Build'
        $script:Output | Should -Not -Match 'secret scan passed'
    }
}

Describe 'LiveTest with the emulator as the real cloud' {
    BeforeAll {
        $script:Emulator = Start-S2SEmulator -StateDirectory (Join-Path $TestDrive 'emulator')
        $script:Output = Join-Path $TestDrive 'live'
        $env:ALOPS_S2S_LIVE_TENANT = 'contoso.onmicrosoft.com'
        $env:ALOPS_S2S_LIVE_SIGNIN = 'DeviceCode'
        $env:ALOPS_S2S_LIVE_ENVIRONMENT = 'Sandbox'
        $env:ALOPS_S2S_LIVE_AUTHORITY_HOST = $script:Emulator.authorityHost
        $env:ALOPS_S2S_LIVE_GRAPH_ENDPOINT = $script:Emulator.graphEndpoint
        $env:ALOPS_S2S_LIVE_BC_ENDPOINT = $script:Emulator.businessCentralEndpoint
        # The script build.ps1 -Task LiveTest runs after building; the module, the emulator and its CA are those of this test run.
        $script:Log = & $script:Pwsh.FilePath @($script:Pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $script:RepoRoot 'build/Invoke-LiveTest.ps1') `
            -ModulePath $script:ModulePath -EmulatorDll $env:ALOPS_S2S_EMULATOR_DLL -CaDirectory $env:ALOPS_S2S_EMULATOR_CA_DIR -OutputDirectory $script:Output *>&1 |
            Out-String | ForEach-Object { $_ -replace '\e\[[0-9;]*m', '' }
        $script:ExitCode = $LASTEXITCODE
        $script:Recording = Join-Path $script:Output 'recording'
        $script:Files = @(Get-ChildItem -LiteralPath $script:Recording -Filter '*.json' -File -ErrorAction Ignore | Sort-Object Name)
        $script:Summary = Get-Content -Raw -LiteralPath (Join-Path $script:Output 'summary.json') -ErrorAction Ignore | ConvertFrom-Json
        $script:Seed = Get-S2SEmulatorSeed -Emulator $script:Emulator
        Clear-LiveSettings
    }

    AfterAll {
        if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
    }

    It 'runs the journey and exits 0' {
        $script:ExitCode | Should -Be 0 -Because $script:Log
        $script:Log | Should -Match 'secret scan passed'
    }

    It 'records every phase through the proxy: the journey, a re-run without writes, the clean-up' {
        $script:Summary.phases.journey.writes | Should -BeGreaterThan 0
        $script:Summary.phases.rerun.requests | Should -BeGreaterThan 0
        $script:Summary.phases.rerun.writes | Should -Be 0
        $script:Summary.phases.cleanup.requests | Should -Be 2
        foreach ($service in 'login', 'graph', 'bc') { @($script:Files | Where-Object Name -Match "^\d{3}-$service-").Count | Should -BeGreaterThan 0 }
    }

    It 'cleans up what it created: no LiveTest app is left and none is authorized in the admin center' {
        $contoso = $script:Seed.tenants.Where({ $_.domains -contains 'contoso.onmicrosoft.com' })[0]
        @($contoso.applications | Where-Object displayName -Like 'ALOps S2S LiveTest *') | Should -BeNullOrEmpty
        @($contoso.authorizedAadApps) | Should -BeNullOrEmpty
    }

    It 'writes files in the contract-sample format, one per exchange' {
        $script:Files.Count | Should -Be $script:Summary.files
        foreach ($file in $script:Files) {
            # -AsHashtable: Business Central spells both appId and appID (tests/contract-samples/README.md).
            $sample = Get-Content -Raw -LiteralPath $file.FullName | ConvertFrom-Json -AsHashtable
            $sample.method | Should -BeIn 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'
            $sample.path | Should -Match '^/'
            $sample.service | Should -BeIn 'login', 'graph', 'bc'
            $sample.response.status | Should -BeOfType [long]
            $sample.Keys | Should -Contain 'request'
            $sample.source | Should -Match '^recording'
        }
    }

    It 'leaves no token, secret, e-mail address or tenant value in clear' {
        $tenantId = $script:Seed.tenants.Where({ $_.domains -contains 'contoso.onmicrosoft.com' })[0].id
        $text = ($script:Files | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName }) -join "`n"
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.'
        $text | Should -Not -Match 'onmicrosoft\.com'
        $text | Should -Not -Match '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]'
        $text | Should -Not -Match ([regex]::Escape($tenantId))
        $text | Should -Match '"Bearer \{token-\d+\}"'
        $text | Should -Match '\{tenant-id\}'
        $text | Should -Match '"secretText": "\{secret-\d+\}"'
    }

    It 'passes the standalone scan, which fails when a secret is planted' {
        $clean = & dotnet $env:ALOPS_S2S_EMULATOR_DLL --scan-recording $script:Recording 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $clean
        $planted = Join-Path $TestDrive 'planted'
        Copy-Item -LiteralPath $script:Recording -Destination $planted -Recurse
        Set-Content -LiteralPath (Join-Path $planted 'zz.json') -Value '{"secretText":"Sup3r~s3cret-value","upn":"someone@contoso.onmicrosoft.com"}'
        $found = 'Sup3r~s3cret-value' | & dotnet $env:ALOPS_S2S_EMULATOR_DLL --scan-recording $planted --known-values-stdin 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 1
        $found | Should -Match 'zz.json: known value #1'
        $found | Should -Match 'zz.json: 1 e-mail'
        $found | Should -Not -Match 'Sup3r'
    }

    It 'loads as a sample set: the conformance theory replays it against a fresh emulator, one passing row per file' {
        $configuration = Split-Path -Leaf (Split-Path -Parent (Split-Path -Parent $env:ALOPS_S2S_EMULATOR_DLL))
        $env:ALOPS_S2S_RECORDING = $script:Recording
        try {
            $run = & dotnet test (Join-Path $script:RepoRoot 'tests/ALOps.S2S.Tests/ALOps.S2S.Tests.csproj') -c $configuration --no-build -nologo `
                --filter 'FullyQualifiedName~RecordedExchange_conforms_to_the_emulator' --logger 'console;verbosity=normal' 2>&1 | Out-String
        }
        finally {
            Remove-Item env:ALOPS_S2S_RECORDING
        }
        $LASTEXITCODE | Should -Be 0 -Because $run
        $run | Should -Match "Passed:\s+$($script:Files.Count)\b"
    }
}
