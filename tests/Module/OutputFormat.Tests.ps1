#Requires -Modules Pester
# New-ALOpsS2SApp -OutputFormat: the app's sign-in values as Azure DevOps variables or GitHub outputs, named like
# the ALOps task inputs, the secret marked secret or masked, and nowhere else.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId
    Connect-S2STestPerson -Emulator $script:Emulator | Out-Null

    function script:New-Name { "ALOps CI $([guid]::NewGuid().ToString('N').Substring(0, 8))" }
    function script:Get-Plain([securestring] $Value) { [System.Net.NetworkCredential]::new('', $Value).Password }
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    Remove-Item Env:GITHUB_OUTPUT -ErrorAction SilentlyContinue
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe '-OutputFormat AzureDevOps' {
    BeforeAll {
        $script:Streams = @(New-ALOpsS2SApp -DisplayName (New-Name) -OutputFormat AzureDevOps -Verbose 6>&1 4>&1 3>&1)
        $script:App = $script:Streams | Where-Object { $_ -is [ALOps.S2S.Models.S2SApp] }
        $script:Lines = @($script:Streams | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" })
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

    It 'writes the lines to the host (information stream), not as pipeline objects' {
        $objects = @(New-ALOpsS2SApp -ClientId $script:App.ClientId -OutputFormat AzureDevOps -WarningAction SilentlyContinue 6>$null)
        $objects | Should -HaveCount 1
        $objects[0] | Should -BeOfType [ALOps.S2S.Models.S2SApp]
    }

    It 'writes no secret variable when the run made no new secret' {
        $lines = @(New-ALOpsS2SApp -ClientId $script:App.ClientId -OutputFormat AzureDevOps -WarningAction SilentlyContinue 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" })
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
        $streams = @(New-ALOpsS2SApp -DisplayName (New-Name) -OutputFormat GitHub 6>&1)
        $app = $streams | Where-Object { $_ -is [ALOps.S2S.Models.S2SApp] }
        $secret = Get-Plain $app.ClientSecret
        $lines = @($streams | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" })
        $lines[0] | Should -Be "::add-mask::$secret"
        @($lines | Where-Object { $_ -like "*$secret*" }) | Should -HaveCount 1
        Get-Content -LiteralPath $script:OutputFile | Should -Be @(
            'earlier=kept'
            "azure_tenant_id=$($app.TenantId)"
            "azure_app_client_id=$($app.ClientId)"
            "azure_app_client_secret=$secret"
        )
    }

    It 'fails with a clear error, before creating anything, when GITHUB_OUTPUT is not set' {
        Remove-Item Env:GITHUB_OUTPUT
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $name = New-Name
        { New-ALOpsS2SApp -DisplayName $name -OutputFormat GitHub } | Should -Throw -ErrorId 'S2S.GitHubOutputMissing*'
        Get-S2STestWrites -Emulator $script:Emulator | Should -BeNullOrEmpty
    }
}
