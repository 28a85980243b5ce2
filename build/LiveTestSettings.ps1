# The settings of build.ps1 -Task LiveTest (read by build.ps1 and build/Invoke-LiveTest.ps1).

function Get-LiveTestSettings {
    $signIn = if ($env:ALOPS_S2S_LIVE_SIGNIN) { $env:ALOPS_S2S_LIVE_SIGNIN } else { 'DeviceCode' }
    $problems = @(
        if (-not $env:ALOPS_S2S_LIVE_TENANT) { 'ALOPS_S2S_LIVE_TENANT is not set.' }
        if ($signIn -notin 'DeviceCode', 'ClientSecret') { "ALOPS_S2S_LIVE_SIGNIN '$signIn' is neither DeviceCode nor ClientSecret." }
        if ($signIn -eq 'ClientSecret' -and (-not $env:ALOPS_S2S_LIVE_CLIENT_ID -or -not $env:ALOPS_S2S_LIVE_CLIENT_SECRET)) {
            'ALOPS_S2S_LIVE_SIGNIN=ClientSecret needs ALOPS_S2S_LIVE_CLIENT_ID and ALOPS_S2S_LIVE_CLIENT_SECRET.'
        }
    )
    [pscustomobject]@{
        Configured              = $problems.Count -eq 0
        Problems                = $problems
        Tenant                  = $env:ALOPS_S2S_LIVE_TENANT
        SignIn                  = $signIn
        ClientId                = $env:ALOPS_S2S_LIVE_CLIENT_ID
        ClientSecret            = $env:ALOPS_S2S_LIVE_CLIENT_SECRET
        Environments            = @(if ($env:ALOPS_S2S_LIVE_ENVIRONMENT) { $env:ALOPS_S2S_LIVE_ENVIRONMENT -split '\s*,\s*' | Where-Object { $_ } } else { 'Sandbox' })
        AuthorityHost           = if ($env:ALOPS_S2S_LIVE_AUTHORITY_HOST) { $env:ALOPS_S2S_LIVE_AUTHORITY_HOST } else { 'https://login.microsoftonline.com' }
        GraphEndpoint           = if ($env:ALOPS_S2S_LIVE_GRAPH_ENDPOINT) { $env:ALOPS_S2S_LIVE_GRAPH_ENDPOINT } else { 'https://graph.microsoft.com' }
        BusinessCentralEndpoint = if ($env:ALOPS_S2S_LIVE_BC_ENDPOINT) { $env:ALOPS_S2S_LIVE_BC_ENDPOINT } else { 'https://api.businesscentral.dynamics.com' }
    }
}

function Write-LiveTestHelp {
    $settings = Get-LiveTestSettings
    Write-Host 'LiveTest: nothing ran and no recording was written.' -ForegroundColor Yellow
    $settings.Problems | ForEach-Object { Write-Host "  $_" -ForegroundColor Yellow }
    Write-Host @'
To run the journey against your own tenant, set:
  ALOPS_S2S_LIVE_TENANT          the tenant (GUID or domain, e.g. contoso.onmicrosoft.com)
  ALOPS_S2S_LIVE_SIGNIN          DeviceCode (default: a person with Application Administrator and
                                 Dynamics 365 Business Central Administrator signs in with a code) or ClientSecret
  ALOPS_S2S_LIVE_CLIENT_ID       with ClientSecret: the operator app's client id
  ALOPS_S2S_LIVE_CLIENT_SECRET   with ClientSecret: its secret (never written: the recording holds a placeholder)
  ALOPS_S2S_LIVE_ENVIRONMENT     Business Central environment(s), comma separated (default: Sandbox)
Optional, to record another cloud or a stand-in instead of the public cloud:
  ALOPS_S2S_LIVE_AUTHORITY_HOST, ALOPS_S2S_LIVE_GRAPH_ENDPOINT, ALOPS_S2S_LIVE_BC_ENDPOINT
The run creates one app registration ("ALOps S2S LiveTest <time>"), grants it API.ReadWrite.All,
Automation.ReadWrite.All and AdminCenter.ReadWrite.All, authorizes it in the admin center, and removes both at the end.
Then: dotnet pwsh ./build.ps1 -Task LiveTest
'@
}
