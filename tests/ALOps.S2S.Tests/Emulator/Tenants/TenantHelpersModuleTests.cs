using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Tenants;

/// <summary>
/// New-S2SEmulatorTenant, Add-S2SEmulatorServicePrincipal, New-S2SEmulatorApp -SignInAudience and
/// Set-S2SEmulatorFault -Kind rateLimit of tests/Module/EmulatorHelpers.psm1 in pwsh against a started emulator.
/// </summary>
public sealed class TenantHelpersModuleTests : IDisposable
{
    private readonly HelpersModuleRun _run = new();

    [Fact]
    public async Task HelpersCreateTenantsConsentMultiTenantAppsAndRateLimit()
    {
        var output = await _run.WithEmulatorAsync("""
            $names = 1..10 | ForEach-Object { 'Env{0:00}' -f $_ }
            $tenant = New-S2SEmulatorTenant -Emulator $e -InitialDomain customer01.onmicrosoft.com -Environment $names -EnvironmentType Sandbox -DelegatedAdmin admin@contoso.onmicrosoft.com
            "tenant=$($tenant.initialDomain):$(@($tenant.environments).Count):$(@($tenant.environments)[9].name):$(@($tenant.environments)[0].type)"
            "delegated=$(@($tenant.delegatedAdmins)[0].userPrincipalName)"
            $plain = New-S2SEmulatorTenant -Emulator $e -InitialDomain customer02.onmicrosoft.com -DisplayName 'Customer 02'
            "plain=$($plain.displayName):$(@($plain.environments).name -join '|')"

            $app = New-S2SEmulatorApp -Emulator $e -DisplayName 'Multi' -SecretText 'multi-secret' -SignInAudience AzureADMultipleOrgs
            $sp = Add-S2SEmulatorServicePrincipal -Emulator $e -Tenant customer01.onmicrosoft.com -AppId $app.appId -AppRole API.ReadWrite.All, Automation.ReadWrite.All
            "sp=$($sp.appId -eq $app.appId):$($sp.id -ne $app.servicePrincipalId)"
            $token = (Invoke-RestMethod -Method Post -Uri "$($e.authorityHost)/$($tenant.id)/oauth2/v2.0/token" -Body @{
                grant_type = 'client_credentials'; client_id = $app.appId; client_secret = 'multi-secret'
                scope = 'https://api.businesscentral.dynamics.com/.default' }).access_token
            $payload = $token.Split('.')[1].Replace('-', '+').Replace('_', '/')
            $payload = $payload.PadRight($payload.Length + (4 - $payload.Length % 4) % 4, '=')
            $claims = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($payload)) | ConvertFrom-Json
            "tid=$($claims.tid -eq $tenant.id):$(@($claims.roles).Count)"

            $fault = Set-S2SEmulatorFault -Emulator $e -ServiceHost login -Kind rateLimit -RequestsPerSecond 0.5
            "fault=$($fault.kind):$($fault.requestsPerSecond)"
            $discovery = "$($e.authorityHost)/customer01.onmicrosoft.com/v2.0/.well-known/openid-configuration"
            Invoke-RestMethod -Uri $discovery | Out-Null
            $status = try { Invoke-RestMethod -Uri $discovery | Out-Null; 200 } catch { [int]$_.Exception.Response.StatusCode }
            "limited=$status"
            "hits=$((Get-S2SEmulatorFault -Emulator $e).hits)"
            $logged = @(Get-S2SEmulatorRequestLog -Emulator $e -ServiceHost login | Where-Object fault -EQ 'rateLimit')
            "logTenant=$($logged[0].tenant -eq $tenant.id)"
            """);

        Assert.Contains("tenant=customer01.onmicrosoft.com:10:Env10:Sandbox", output);
        Assert.Contains("delegated=admin@contoso.onmicrosoft.com", output);
        Assert.Contains("plain=Customer 02:Production|Sandbox", output);
        Assert.Contains("sp=True:True", output);
        Assert.Contains("tid=True:2", output);
        Assert.Contains("fault=rateLimit:0.5", output);
        Assert.Contains("limited=429", output);
        Assert.Contains("hits=1", output);
        Assert.Contains("logTenant=True", output);
    }

    [Fact]
    public async Task HelpersConsentThroughTheAdminConsentPageAndGdapRoles()
    {
        var output = await _run.WithEmulatorAsync("""
            $gdap = @{ userPrincipalName = 'admin@contoso.onmicrosoft.com'; roles = @('Dynamics 365 Business Central Administrator') }
            $tenant = New-S2SEmulatorTenant -Emulator $e -InitialDomain customer03.onmicrosoft.com -DelegatedAdmin $gdap
            "delegated=$(@($tenant.delegatedAdmins)[0].userPrincipalName)"
            $app = New-S2SEmulatorApp -Emulator $e -DisplayName 'Partner' -SecretText 'partner-secret' -SignInAudience AzureADMultipleOrgs `
                -RequestedBcRole API.ReadWrite.All, Automation.ReadWrite.All -RedirectUri 'https://businesscentral.dynamics.com/OAuthLanding.htm'
            $consent = Approve-S2SEmulatorAdminConsent -Emulator $e -Tenant customer03.onmicrosoft.com -ClientId $app.appId
            "consent=$($consent.appId -eq $app.appId):$((@($consent.appRoles) | Sort-Object) -join '|')"
            $token = (Invoke-RestMethod -Method Post -Uri "$($e.authorityHost)/$($tenant.id)/oauth2/v2.0/token" -Body @{
                grant_type = 'client_credentials'; client_id = $app.appId; client_secret = 'partner-secret'
                scope = 'https://api.businesscentral.dynamics.com/.default' }).access_token
            "token=$($token.Length -gt 100)"
            """);

        Assert.Contains("delegated=admin@contoso.onmicrosoft.com", output);
        Assert.Contains("consent=True:API.ReadWrite.All|Automation.ReadWrite.All", output);
        Assert.Contains("token=True", output);
    }

    public void Dispose() => _run.Dispose();
}
