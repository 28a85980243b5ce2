#Requires -Modules Pester
# New-ALOpsS2SApp -OutputFormat: the app's sign-in values as Azure DevOps variables or GitHub outputs, named like
# the ALOps task inputs, the secret marked secret or masked, and nowhere else. The CI system's commands go to the
# process's standard output (captured here through [Console]::SetOut), whatever the streams' preferences.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId
    Connect-S2STestPerson -Emulator $script:Emulator | Out-Null

    function script:New-Name { "ALOps CI $([guid]::NewGuid().ToString('N').Substring(0, 8))" }
    function script:Get-Plain([securestring] $Value) { [System.Net.NetworkCredential]::new('', $Value).Password }
    function script:Invoke-CapturingStdout([scriptblock] $Script) {
        # The process's standard output, where the module writes ##vso[...] and ::add-mask:: lines.
        $writer = [System.IO.StringWriter]::new()
        $previous = [Console]::Out
        [Console]::SetOut($writer)
        try { $output = @(& $Script) }
        finally { [Console]::SetOut($previous) }
        [pscustomobject]@{ Output = $output; Stdout = @($writer.ToString() -split '\r?\n' | Where-Object { $_ }) }
    }
}

Describe 'Redirection and -InformationAction cannot silence the CI commands (child pwsh)' {
    It 'with <Case>, GitHub still masks and still writes the outputs; Azure DevOps still sets its variables' -ForEach @(
        @{ Case = '6>$null'; Silence = '6>$null' }
        @{ Case = '-InformationAction Ignore'; Silence = '-InformationAction Ignore' }
    ) {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ deviceCodeUser = 'admin@contoso.onmicrosoft.com' } | Out-Null
        $outputFile = Join-Path $TestDrive "child_output_$([guid]::NewGuid().ToString('N'))"
        $name = New-Name
        $run = Invoke-S2SChildPwsh -Environment @{
            ALOPS_S2S_AUTHORITY_HOST = $script:Emulator.authorityHost
            ALOPS_S2S_GRAPH_ENDPOINT = $script:Emulator.graphEndpoint
            ALOPS_S2S_BC_ENDPOINT    = $script:Emulator.businessCentralEndpoint
            GITHUB_OUTPUT            = $outputFile
        } -Script @"
Import-Module '$($env:ALOPS_S2S_MODULE_PATH)'
Connect-ALOpsS2S -TenantId contoso.onmicrosoft.com -UseDeviceCode -WarningAction SilentlyContinue | Out-Null
`$app = New-ALOpsS2SApp -DisplayName '$name' -OutputFormat GitHub $Silence
`$null = New-ALOpsS2SApp -ClientId `$app.ClientId -OutputFormat AzureDevOps -WarningAction SilentlyContinue $Silence
'secret:' + [System.Net.NetworkCredential]::new('', `$app.ClientSecret).Password.Length
"@
        $run.Error | Should -BeNullOrEmpty
        $mask = @($run.Output | Where-Object { $_ -like '::add-mask::*' })
        $mask | Should -HaveCount 1
        $secret = $mask[0].Substring('::add-mask::'.Length)
        $secret.Length | Should -Be ([int]($run.Result -replace '^secret:'))
        Get-Content -LiteralPath $outputFile | Should -Contain "azure_app_client_secret=$secret"
        @($run.Output | Where-Object { $_ -like '##vso`[task.setvariable variable=azure_app_client_id`]*' }) | Should -HaveCount 1
    }
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    Remove-Item Env:GITHUB_OUTPUT -ErrorAction SilentlyContinue
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe '-OutputFormat AzureDevOps' {
    BeforeAll {
        $run = Invoke-CapturingStdout { New-ALOpsS2SApp -DisplayName (New-Name) -OutputFormat AzureDevOps -Verbose 6>&1 4>&1 3>&1 }
        $script:Streams = $run.Output
        $script:App = $script:Streams | Where-Object { $_ -is [ALOps.S2S.Models.S2SApp] }
        $script:Lines = $run.Stdout
        $script:Secret = Get-Plain $script:App.ClientSecret
    }

    It 'still returns the app object' {
        $script:App | Should -HaveCount 1
        $script:App.ClientSecret | Should -BeOfType [securestring]
    }

    It 'sets azure_tenant_id, azure_app_client_id and the secret as a secret variable' {
        $script:Lines | Should -Contain "##vso[task.setvariable variable=azure_tenant_id]$($script:App.TenantId)"
        $script:Lines | Should -Contain "##vso[task.setvariable variable=azure_app_client_id]$($script:App.ClientId)"
        $script:Lines | Should -Contain "##vso[task.setvariable variable=azure_app_client_secret;issecret=true]$($script:Secret)"
    }

    It 'writes the secret only in the secret variable line' {
        $elsewhere = @($script:Streams | Where-Object { $_ -isnot [ALOps.S2S.Models.S2SApp] } | ForEach-Object { "$_" } |
                Where-Object { $_ -like "*$($script:Secret)*" -and -not $_.StartsWith('##vso[task.setvariable variable=azure_app_client_secret;issecret=true]') })
        $elsewhere | Should -BeNullOrEmpty
    }

    It 'writes the commands to standard output, not as pipeline objects nor on the information stream' {
        $run = Invoke-CapturingStdout { New-ALOpsS2SApp -ClientId $script:App.ClientId -OutputFormat AzureDevOps -WarningAction SilentlyContinue 6>&1 }
        @($run.Output | Where-Object { $_ -is [ALOps.S2S.Models.S2SApp] }) | Should -HaveCount 1
        @($run.Output | Where-Object { "$_" -like '##vso*' }) | Should -BeNullOrEmpty
        $run.Stdout | Should -Contain "##vso[task.setvariable variable=azure_app_client_id]$($script:App.ClientId)"
    }

    It 'writes no secret variable when the run made no new secret' {
        $lines = (Invoke-CapturingStdout { New-ALOpsS2SApp -ClientId $script:App.ClientId -OutputFormat AzureDevOps -WarningAction SilentlyContinue }).Stdout
        $lines | Should -Contain "##vso[task.setvariable variable=azure_app_client_id]$($script:App.ClientId)"
        $lines | Where-Object { $_ -match 'azure_app_client_secret' } | Should -BeNullOrEmpty
    }
}

Describe '-OutputFormat GitHub' {
    BeforeEach {
        $script:OutputFile = Join-Path $TestDrive "github_output_$([guid]::NewGuid().ToString('N'))"
        Set-Content -LiteralPath $script:OutputFile -Value 'earlier=kept' -NoNewline:$false
        $env:GITHUB_OUTPUT = $script:OutputFile
    }

    AfterEach { Remove-Item Env:GITHUB_OUTPUT -ErrorAction SilentlyContinue }

    It 'masks the secret first and appends name=value lines to GITHUB_OUTPUT' {
        $run = Invoke-CapturingStdout { New-ALOpsS2SApp -DisplayName (New-Name) -OutputFormat GitHub 6>&1 }
        $app = $run.Output | Where-Object { $_ -is [ALOps.S2S.Models.S2SApp] }
        $secret = Get-Plain $app.ClientSecret
        $lines = $run.Stdout
        $lines[0] | Should -Be "::add-mask::$secret"
        @($lines | Where-Object { $_ -like "*$secret*" }) | Should -HaveCount 1
        @($run.Output | ForEach-Object { "$_" } | Where-Object { $_ -like "*$secret*" }) | Should -BeNullOrEmpty
        Get-Content -LiteralPath $script:OutputFile | Should -Be @(
            'earlier=kept'
            "azure_tenant_id=$($app.TenantId)"
            "azure_app_client_id=$($app.ClientId)"
            "azure_app_client_secret=$secret"
        )
    }

    It 'masks every line of a multi-line secret and writes it with a delimiter' {
        $password = ConvertTo-SecureString "p%0Aw;d]x`nline2" -AsPlainText -Force
        $pfx = Join-Path $TestDrive "multi-$([guid]::NewGuid().ToString('N')).pfx"
        $run = Invoke-CapturingStdout { New-ALOpsS2SApp -DisplayName (New-Name) -PfxPath $pfx -CertificatePassword $password -OutputFormat GitHub 6>$null }
        $run.Stdout | Should -Contain '::add-mask::p%250Aw;d]x'
        $run.Stdout | Should -Contain '::add-mask::line2'
        $text = Get-Content -LiteralPath $script:OutputFile -Raw
        $text | Should -Match "(?m)^azure_app_client_certificate_password<<(ghadelimiter_[0-9a-f]{32})\np%0Aw;d\]x\nline2\n\1\n"
        $text | Should -Not -Match '(?m)^azure_app_client_certificate_password='
    }

    It 'fails with a clear error, before creating anything, when GITHUB_OUTPUT is not set' {
        Remove-Item Env:GITHUB_OUTPUT
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $name = New-Name
        { New-ALOpsS2SApp -DisplayName $name -OutputFormat GitHub } | Should -Throw -ErrorId 'S2S.GitHubOutputMissing*'
        Get-S2STestWrites -Emulator $script:Emulator | Should -BeNullOrEmpty
    }
}
