#Requires -Modules Pester
# Issue 15, the partner model: one multitenant app in the partner's tenant (New-ALOpsS2SApp -MultiTenant), consented
# into customer tenants by Grant-ALOpsS2SPermission -TenantId: two customers through the operator's delegated admin
# rights (GDAP), one through the customer's admin-consent link with -Wait; then Register-ALOpsBcClient and
# Test-ALOpsS2S in each, in one pipeline from Import-Csv. Bad input (a single-tenant app, a customer the operator
# cannot reach) gives a clear error and no write.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:PartnerId = $world.Emulator, $world.TenantId
    $script:Customers = [ordered]@{}
    foreach ($n in 1..2) {
        $domain = 'partnercustomer{0:00}.onmicrosoft.com' -f $n
        $script:Customers[$domain] = (New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain $domain -DelegatedAdmin 'admin@contoso.onmicrosoft.com').id
    }
    # A GDAP relationship with the Business Central Administrator role only: Graph refuses the operator's consent there.
    $script:BcOnly = 'partnercustomer03.onmicrosoft.com'
    $script:Customers[$script:BcOnly] = (New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain $script:BcOnly -DelegatedAdmin @(
            @{ userPrincipalName = 'admin@contoso.onmicrosoft.com'; roles = @('Dynamics 365 Business Central Administrator') })).id
    $script:Stranger = 'partnerstranger.onmicrosoft.com'
    $script:StrangerId = (New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain $script:Stranger).id

    $script:Counter = 0
    function script:New-Name { "ALOps Partner $([guid]::NewGuid().ToString('N').Substring(0, 8)) $((++$script:Counter))" }
    function script:Clear-Log { Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null }
    function script:Get-Writes { Get-S2STestWrites -Emulator $script:Emulator }
    function script:Start-ConsentWhen([string] $Tenant, [string] $ClientId, [string] $User, [string] $WhenSeen, [string] $Otherwise) {
        # The customer's admin consents (a thread job) as soon as the emulator's request log shows a request that
        # matches $WhenSeen (a Where-Object filter); the job's result is 'approved', else $Otherwise after 90 s.
        Start-ThreadJob -ArgumentList $script:Emulator, $Tenant, $ClientId, $User, $WhenSeen, $Otherwise, (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -ScriptBlock {
            param($Emulator, $Tenant, $ClientId, $User, $WhenSeen, $Otherwise, $Helpers)
            Import-Module $Helpers
            $seen = [scriptblock]::Create($WhenSeen)
            $deadline = [datetime]::UtcNow.AddSeconds(90)
            while ([datetime]::UtcNow -lt $deadline) {
                if (@(Get-S2SEmulatorRequestLog -Emulator $Emulator | Where-Object $seen).Count -gt 0) {
                    Approve-S2SEmulatorAdminConsent -Emulator $Emulator -Tenant $Tenant -ClientId $ClientId -User $User | Out-Null
                    return 'approved'
                }
                Start-Sleep -Milliseconds 200
            }
            $Otherwise
        }
    }

    Connect-S2STestPerson -Emulator $script:Emulator | Out-Null
    $script:AuthorityHost = ([string]$script:Emulator.authorityHost).TrimEnd('/')
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'New-ALOpsS2SApp -MultiTenant' {
    It 'creates a multitenant app, and a re-run writes nothing' {
        $name = New-Name
        $app = New-ALOpsS2SApp -DisplayName $name -MultiTenant
        $app.SignInAudience | Should -Be 'AzureADMultipleOrgs'
        Clear-Log
        $again = New-ALOpsS2SApp -DisplayName $name -MultiTenant
        $again.ClientId | Should -Be $app.ClientId
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'converges an existing single-tenant app, behind ShouldProcess' {
        $single = New-ALOpsS2SApp -DisplayName (New-Name)
        $single.SignInAudience | Should -Be 'AzureADMyOrg'
        Clear-Log
        New-ALOpsS2SApp -ClientId $single.ClientId -MultiTenant -WhatIf | Out-Null
        Get-Writes | Should -BeNullOrEmpty -Because '-WhatIf writes nothing'
        $converged = New-ALOpsS2SApp -ClientId $single.ClientId -MultiTenant
        $converged.SignInAudience | Should -Be 'AzureADMultipleOrgs'
        @(Get-Writes | Where-Object { $_.method -eq 'PATCH' -and $_.path -like '*/applications/*' }).Count | Should -Be 1
        Clear-Log
        New-ALOpsS2SApp -ClientId $single.ClientId -MultiTenant | Out-Null
        Get-Writes | Should -BeNullOrEmpty
    }
}

Describe 'Onboarding customers in one pipeline' {
    BeforeAll {
        $script:Partner = New-ALOpsS2SApp -DisplayName (New-Name) -MultiTenant
        $script:Csv = Join-Path $TestDrive 'customers.csv'
        @($script:Customers.Keys) | ForEach-Object { [pscustomobject]@{ TenantId = $_ } } | Export-Csv -LiteralPath $script:Csv -NoTypeInformation
        # The person's step no API does (page 9860), done ahead in every customer environment with one permission set:
        # Register authorizes the app in each admin center and adds the other set through the automation API.
        foreach ($tenant in $script:Customers.Values) {
            foreach ($environment in 'Production', 'Sandbox') {
                Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $tenant -Environment $environment -ClientId $script:Partner.ClientId `
                    -Description $script:Partner.DisplayName -PermissionSet 'D365 AUTOMATION' | Out-Null
            }
        }

        # The customer's admin of the BC-only customer accepts once the operator's own consent was refused there.
        $bcOnlyId = $script:Customers[$script:BcOnly]
        $script:Approver = Start-ConsentWhen $bcOnlyId $script:Partner.ClientId 'admin@partnercustomer03.onmicrosoft.com' `
            "`$_.host -eq 'graph' -and `$_.method -eq 'POST' -and `$_.status -eq 403 -and `$_.tenant -eq '$bcOnlyId'" 'never refused'
        Clear-Log
        $script:Checks = @(Import-Csv -LiteralPath $script:Csv |
                Grant-ALOpsS2SPermission -ClientId $script:Partner.ClientId -ClientSecret $script:Partner.ClientSecret -Wait -Timeout 60 -PollInterval 1 -OutVariable script:Grants -WarningVariable script:GrantWarnings -WarningAction SilentlyContinue |
                Register-ALOpsBcClient -AllEnvironments -OutVariable script:Registrations -WarningAction SilentlyContinue |
                Test-ALOpsS2S -ErrorVariable script:TestErrors -InformationAction SilentlyContinue)
        $script:ApproverResult = Receive-Job -Job $script:Approver -Wait -AutoRemoveJob
        $script:PipelineLog = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator)
    }

    It 'consents the app in each customer, keeping each row''s tenant' {
        $script:Grants.Count | Should -Be 3
        @($script:Grants.Row) | Should -Be @(1, 2, 3)
        @($script:Grants.TenantId) | Should -Be @($script:Customers.Values)
        foreach ($grant in $script:Grants) {
            $grant.ClientId | Should -Be $script:Partner.ClientId
            $grant.ServicePrincipalId | Should -Not -BeNullOrEmpty
            $grant.Permission | Should -Contain 'API.ReadWrite.All'
            $grant.Permission | Should -Contain 'Automation.ReadWrite.All'
        }
    }

    It 'consents two customers through the operator''s delegated rights' {
        foreach ($i in 0, 1) {
            $script:Grants[$i].ConsentUrl | Should -BeNullOrEmpty
            @($script:Grants[$i].NewlyGranted) | Should -Be @('API.ReadWrite.All', 'Automation.ReadWrite.All')
        }
    }

    It 'gives the third customer''s admin the consent link and waits for the consent' {
        $script:ApproverResult | Should -Be 'approved'
        $tenantId = $script:Customers[$script:BcOnly]
        $url = $script:Grants[2].ConsentUrl
        $url | Should -BeLike "$($script:AuthorityHost)/$($script:BcOnly)/v2.0/adminconsent?client_id=$($script:Partner.ClientId)&scope=https%3A%2F%2Fapi.businesscentral.dynamics.com%2F.default&redirect_uri=https%3A%2F%2Fbusinesscentral.dynamics.com%2FOAuthLanding.htm&state=*"
        ($script:GrantWarnings -join "`n") | Should -Match 'GDAP'
        ($script:GrantWarnings -join "`n") | Should -Match ([regex]::Escape($url))
        $script:Grants[2].TenantId | Should -Be $tenantId
    }

    It 'registers the app in every environment of every customer' {
        $script:Registrations.Count | Should -Be 6
        foreach ($tenant in $script:Customers.Values) {
            $own = @($script:Registrations | Where-Object TenantId -EQ $tenant)
            $own.Count | Should -Be 2
            $own.Url | ForEach-Object { $_ | Should -Match "/$tenant/.*page=9860" -Because 'page 9860 of the customer''s own environment' }
            @($script:PipelineLog | Where-Object { $_.host -eq 'bc' -and $_.method -eq 'PUT' -and $_.path -like '*authorizedAadApps*' -and $_.tenant -eq $tenant -and $_.status -lt 300 }).Count |
                Should -BeGreaterThan 0 -Because 'the app is authorized in the admin center of that customer' 
            $own | ForEach-Object {
                $_.AdminCenterAuthorized | Should -BeTrue
                $_.Registered | Should -BeTrue
                $_.PermissionSets | Sort-Object | Should -Be @('D365 AUTOMATION', 'EXTEN. MGT. - ADMIN')
            }
        }
    }

    It 'passes every check with the app''s token from each customer''s authority' {
        $script:TestErrors | Should -BeNullOrEmpty
        $script:Checks | Should -Not -BeNullOrEmpty
        $script:Checks | Where-Object Status -NE 'Pass' | ForEach-Object { "$($_.TenantId) $($_.Check) $($_.Target): $($_.Status) $($_.Cause)" } | Should -BeNullOrEmpty
        @($script:Checks.TenantId | Sort-Object -Unique) | Should -Be @($script:Customers.Values | Sort-Object)
        foreach ($domain in $script:Customers.Keys) {
            $tenant = $script:Customers[$domain]
            @($script:PipelineLog | Where-Object {
                    $_.host -eq 'login' -and $_.clientId -eq $script:Partner.ClientId -and $_.grantType -eq 'client_credentials' -and $_.status -eq 200 -and $_.tenant -eq $tenant
                }).Count | Should -BeGreaterThan 0 -Because "the app's token comes from the authority of $domain"
        }
    }

    It 'signs the app in once per customer for the whole pipeline, and afresh in a later command' {
        # Register proves the app with its own token; Test, next in the pipeline, uses that sign-in instead of a second one.
        foreach ($domain in @($script:Customers.Keys)[0, 1]) {
            $tenant = $script:Customers[$domain]
            @($script:PipelineLog | Where-Object {
                    $_.host -eq 'login' -and $_.clientId -eq $script:Partner.ClientId -and $_.grantType -eq 'client_credentials' -and $_.status -eq 200 -and $_.tenant -eq $tenant
                }).Count | Should -Be 1 -Because "the app's token in $domain is asked once by Grant | Register | Test"
        }
        # A command after the pipeline proves the credential as it is now: it signs in again.
        $first = @($script:Customers.Values)[0]
        Clear-Log
        $script:Registrations | Where-Object TenantId -EQ $first | Select-Object -First 1 | Test-ALOpsS2S -Quiet -InformationAction SilentlyContinue | Should -BeTrue
        @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator | Where-Object {
                $_.host -eq 'login' -and $_.clientId -eq $script:Partner.ClientId -and $_.grantType -eq 'client_credentials' -and $_.status -eq 200 -and $_.tenant -eq $first
            }).Count | Should -Be 1
    }

    It 'converges: a second grant in each customer writes nothing' {
        Clear-Log
        $again = @(Import-Csv -LiteralPath $script:Csv | Grant-ALOpsS2SPermission -ClientId $script:Partner.ClientId)
        $again.Count | Should -Be 3
        Get-Writes | Should -BeNullOrEmpty
    }
}

Describe 'Bad input in a customer tenant' {
    BeforeAll { $script:Partner2 = New-ALOpsS2SApp -DisplayName (New-Name) -MultiTenant }

    It 'refuses a single-tenant app, naming New-ALOpsS2SApp -MultiTenant, and writes nothing' {
        $single = New-ALOpsS2SApp -DisplayName (New-Name)
        Clear-Log
        $failure = $null
        try { Grant-ALOpsS2SPermission -TenantId @($script:Customers.Keys)[0] -ClientId $single.ClientId -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'S2S.AppNotMultiTenant,ALOps.S2S.Commands.GrantS2SPermissionCommand'
        $failure.TargetObject | Should -Be $single.ClientId
        $failure.ErrorDetails.RecommendedAction | Should -Match 'New-ALOpsS2SApp -ClientId \S+ -MultiTenant'
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'gives the consent link for a customer the operator cannot reach, and writes nothing' {
        Clear-Log
        $failure = $null
        try { Grant-ALOpsS2SPermission -TenantId $script:Stranger -ClientId $script:Partner2.ClientId -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'S2S.AdminConsentPending,ALOps.S2S.Commands.GrantS2SPermissionCommand'
        $failure.Exception.Message | Should -Match 'neither a member nor a delegated admin'
        Get-Writes | Should -BeNullOrEmpty
        $link = [regex]::Match($failure.ErrorDetails.RecommendedAction, 'https://\S+/v2\.0/adminconsent\?\S+').Value
        $link | Should -Not -BeNullOrEmpty

        # The link is the real page's: the customer's admin opening it consents the app's Business Central permissions.
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ adminConsentUser = "admin@$($script:Stranger)" } | Out-Null
        try {
            $answer = Invoke-WebRequest -Uri $link -MaximumRedirection 0 -SkipHttpErrorCheck -ErrorAction SilentlyContinue
        }
        finally { Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ adminConsentUser = $null } | Out-Null }
        $answer.StatusCode | Should -Be 302
        [string]$answer.Headers.Location | Should -Match 'admin_consent=True'
        $seen = Grant-ALOpsS2SPermission -TenantId $script:Stranger -ClientId $script:Partner2.ClientId -ClientSecret $script:Partner2.ClientSecret -Wait -Timeout 10 -PollInterval 1 -WarningAction SilentlyContinue
        $seen.Permission | Should -Contain 'API.ReadWrite.All'
        $seen.Permission | Should -Contain 'Automation.ReadWrite.All'
        $seen.TenantId | Should -Be $script:StrangerId
    }

    It 'fails a piped row it cannot do on its own, naming the row, and does the others' {
        $rows = @([pscustomobject]@{ TenantId = 'nosuchpartnercustomer.onmicrosoft.com' }, [pscustomobject]@{ TenantId = @($script:Customers.Keys)[0] })
        $grants = @($rows | Grant-ALOpsS2SPermission -ClientId $script:Partner2.ClientId -ErrorVariable failures -ErrorAction SilentlyContinue)
        $grants.Count | Should -Be 1
        $grants[0].Row | Should -Be 2
        $grants[0].TenantId | Should -Be @($script:Customers.Values)[0]
        $failures.Count | Should -Be 1
        $failures[0].Exception.Message | Should -Match '^Row 1: tenant nosuchpartnercustomer'
    }
}

Describe 'Grant -WhatIf in a customer tenant' {
    It 'prints one plan per role, in the order asked, writes nothing, then grants both side by side' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name) -MultiTenant
        $customer = @($script:Customers.Keys)[1]
        # The app's service principal is there already (with another role): what is left to plan is the two roles.
        Grant-ALOpsS2SPermission -TenantId $customer -ClientId $app.ClientId -Permission 'AdminCenter.ReadWrite.All' | Out-Null

        Clear-Log
        $transcript = Join-Path $TestDrive 'grant-whatif.txt'
        Start-Transcript -LiteralPath $transcript | Out-Null
        try { Grant-ALOpsS2SPermission -TenantId $customer -ClientId $app.ClientId -Permission 'API.ReadWrite.All', 'Automation.ReadWrite.All' -WhatIf | Out-Null }
        finally { Stop-Transcript | Out-Null }
        Get-Writes | Should -BeNullOrEmpty
        $plans = @(Select-String -LiteralPath $transcript -Pattern 'What if: .*Grant admin consent for Business Central application permission (\S+)' | ForEach-Object { $_.Matches[0].Groups[1].Value })
        $plans | Should -Be @('API.ReadWrite.All', 'Automation.ReadWrite.All')

        Clear-Log
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost graph -Kind latency -LatencyMs 250 | Out-Null
        try { $grant = Grant-ALOpsS2SPermission -TenantId $customer -ClientId $app.ClientId -Permission 'API.ReadWrite.All', 'Automation.ReadWrite.All' }
        finally { Clear-S2SEmulatorFault -Emulator $script:Emulator }
        @($grant.NewlyGranted) | Should -Be @('API.ReadWrite.All', 'Automation.ReadWrite.All')
        $posts = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator | Where-Object { $_.method -eq 'POST' -and $_.path -like '*/appRoleAssignedTo' })
        $posts.Count | Should -Be 2
        Get-S2SMaxOverlap $posts | Should -Be 2 -Because 'the two approved role assignments are written side by side'
    }
}

Describe 'Grant -Wait in a customer tenant' {
    BeforeAll {
        $script:Partner3 = New-ALOpsS2SApp -DisplayName (New-Name) -MultiTenant
        $script:BcOnly4 = 'partnercustomer04.onmicrosoft.com'
        $script:BcOnly4Id = (New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain $script:BcOnly4 -DelegatedAdmin @(
                @{ userPrincipalName = 'admin@contoso.onmicrosoft.com'; roles = @('Dynamics 365 Business Central Administrator') })).id
    }

    It 'without the app''s credential, waits by reading the tenant as the operator' {
        $approver = Start-ThreadJob -ArgumentList $script:Emulator, $script:BcOnly4Id, $script:Partner3.ClientId, (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -ScriptBlock {
            param($Emulator, $Tenant, $ClientId, $Helpers)
            Import-Module $Helpers
            Start-Sleep -Seconds 3
            Approve-S2SEmulatorAdminConsent -Emulator $Emulator -Tenant $Tenant -ClientId $ClientId -User 'admin@partnercustomer04.onmicrosoft.com' | Out-Null
        }
        try {
            $grant = Grant-ALOpsS2SPermission -TenantId $script:BcOnly4 -ClientId $script:Partner3.ClientId -Wait -Timeout 60 -PollInterval 1 -WarningVariable warnings -WarningAction SilentlyContinue
        }
        finally { $approver | Receive-Job -Wait -AutoRemoveJob | Out-Null }
        $grant.TenantId | Should -Be $script:BcOnly4Id
        $grant.Permission | Should -Contain 'API.ReadWrite.All'
        $grant.Permission | Should -Contain 'Automation.ReadWrite.All'
        $grant.ServicePrincipalId | Should -Not -BeNullOrEmpty
        $grant.ConsentUrl | Should -Match '/v2\.0/adminconsent\?'
        ($warnings -join "`n") | Should -Match 'Application Administrator or Cloud Application Administrator'
    }

    It 'says it cannot wait where nothing can tell the consent, at once' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $failure = $null
        try { Grant-ALOpsS2SPermission -TenantId $script:Stranger -ClientId $script:Partner3.ClientId -Wait -Timeout 60 -ErrorAction Stop -WarningAction SilentlyContinue } catch { $failure = $_ }
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
        $failure.FullyQualifiedErrorId | Should -Be 'S2S.AdminConsentPending,ALOps.S2S.Commands.GrantS2SPermissionCommand'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-ClientSecret'
    }

    It 'stops at -Timeout with the consent still pending, naming the link' {
        Clear-Log
        $failure = $null
        try {
            Grant-ALOpsS2SPermission -TenantId $script:Stranger -ClientId $script:Partner3.ClientId -ClientSecret $script:Partner3.ClientSecret -Wait -Timeout 3 -PollInterval 1 -ErrorAction Stop -WarningAction SilentlyContinue
        }
        catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'S2S.AdminConsentPending,ALOps.S2S.Commands.GrantS2SPermissionCommand'
        $failure.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failure.Exception.Message | Should -Match 'still pending'
        $failure.ErrorDetails.RecommendedAction | Should -Match '/v2\.0/adminconsent\?client_id='
        Get-Writes | Should -BeNullOrEmpty
    }
}

Describe 'Grant rows side by side' {
    BeforeAll {
        # Four more customers; the rows put the unreachable stranger third: its failure must leave the others alone.
        $script:SideBySide = foreach ($n in 5..8) {
            $domain = 'partnercustomer{0:00}.onmicrosoft.com' -f $n
            [pscustomobject]@{ TenantId = $domain; Id = (New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain $domain -DelegatedAdmin 'admin@contoso.onmicrosoft.com').id }
        }
        $script:SideRows = @($script:SideBySide[0], $script:SideBySide[1], [pscustomobject]@{ TenantId = $script:Stranger }, $script:SideBySide[2], $script:SideBySide[3]) |
            Select-Object TenantId
        function script:Invoke-GrantRows([int] $ThrottleLimit) {
            # A fresh app each time, so every row consents (writes) in its customer; every Graph call is 250 ms late.
            $app = New-ALOpsS2SApp -DisplayName (New-Name) -MultiTenant
            Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost graph -Kind latency -LatencyMs 250 | Out-Null
            try {
                Clear-Log
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $grants = @($script:SideRows | Grant-ALOpsS2SPermission -ClientId $app.ClientId -ThrottleLimit $ThrottleLimit -ErrorVariable failures -ErrorAction SilentlyContinue)
                $watch.Stop()
            }
            finally { Clear-S2SEmulatorFault -Emulator $script:Emulator }
            $log = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator)
            [pscustomobject]@{
                Grants   = $grants
                Failures = @($failures)
                Seconds  = $watch.Elapsed.TotalSeconds
                # Graph calls in the customers' tenants (the partner's own app read is once, before them).
                Customer = @($log | Where-Object { $_.host -eq 'graph' -and $_.tenant -in $script:SideBySide.Id })
                Tokens   = @($log | Where-Object { $_.host -eq 'login' -and $_.path -like '*/oauth2/v2.0/token' -and $_.status -eq 200 })
                Lookups  = @($log | Where-Object { $_.host -eq 'login' -and $_.path -like '*/.well-known/openid-configuration' })
            }
        }
        $script:Serial = Invoke-GrantRows -ThrottleLimit 1
        $script:Parallel = Invoke-GrantRows -ThrottleLimit 5
    }

    It 'consents every reachable customer, in input order, and fails only the unreachable row, naming it' {
        foreach ($run in $script:Serial, $script:Parallel) {
            @($run.Grants.Row) | Should -Be @(1, 2, 4, 5)
            @($run.Grants.TenantId) | Should -Be @($script:SideBySide.Id)
            $run.Grants | ForEach-Object { @($_.NewlyGranted) | Should -Be @('API.ReadWrite.All', 'Automation.ReadWrite.All') }
            $run.Failures.Count | Should -Be 1
            $run.Failures[0].FullyQualifiedErrorId | Should -Be 'S2S.AdminConsentPending,ALOps.S2S.Commands.GrantS2SPermissionCommand'
            $run.Failures[0].Exception.Message | Should -Match "^Row 3: tenant $([regex]::Escape($script:Stranger))"
        }
    }

    It 'runs the customers'' rows at the same time under -ThrottleLimit, one at a time with -ThrottleLimit 1' {
        # A row's own independent calls run side by side (the two service-principal reads, the two roles): what
        # -ThrottleLimit bounds is the customers in flight at once, each from its first call's start to its last call's end.
        function Get-CustomerOverlap($Calls) {
            Get-S2SMaxOverlap @($Calls | Group-Object tenant | ForEach-Object {
                    [pscustomobject]@{
                        startedAt = @($_.Group | ForEach-Object { [datetimeoffset]$_.startedAt } | Sort-Object)[0]
                        time      = @($_.Group | ForEach-Object { [datetimeoffset]$_.time } | Sort-Object)[-1]
                    }
                })
        }
        Get-CustomerOverlap $script:Serial.Customer | Should -Be 1
        Get-CustomerOverlap $script:Parallel.Customer | Should -BeGreaterThan 2
        Get-CustomerOverlap $script:Parallel.Customer | Should -BeLessOrEqual 5
        # Inside one row, calls side by side: never more than two at once with one row at a time.
        Get-S2SMaxOverlap $script:Serial.Customer | Should -Be 2
        # Same calls, same latency: rows side by side take clearly less time than one after another.
        $script:Parallel.Customer.Count | Should -Be $script:Serial.Customer.Count
        $script:Parallel.Seconds | Should -BeLessThan ($script:Serial.Seconds * 0.6)
    }

    It 'tells a customer named by its domain by the operator''s first token there, without a metadata lookup before it' {
        # The serial run is the connection's first with these customers: each one's Graph token (its tid) names its tenant.
        foreach ($customer in $script:SideBySide) {
            @($script:Serial.Lookups | Where-Object path -Like "*$($customer.TenantId)*") | Should -BeNullOrEmpty
            @($script:Serial.Tokens | Where-Object path -Like "/$($customer.TenantId)/*") | Should -HaveCount 1
        }
        @($script:Serial.Grants.TenantId) | Should -Be @($script:SideBySide.Id)
    }

    It 'asks each (identity, tenant, resource) token once, with the one operator sign-in' {
        foreach ($run in $script:Serial, $script:Parallel) {
            @($run.Tokens | Where-Object { $_.grantType -eq 'device_code' }) | Should -BeNullOrEmpty
            foreach ($group in $run.Tokens | Group-Object { "$($_.grantType) $($_.clientId) $($_.tenant) $($_.scope)" }) {
                $group.Count | Should -Be 1 -Because "each (identity, tenant, resource) token is requested once per run: $($group.Name)"
            }
        }
    }

    It 'stops every row within 3 s on Ctrl+C while the customers'' calls hang' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name) -MultiTenant
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost graph -Kind latency -LatencyMs 20000 -PathContains 'servicePrincipals' -DurationSeconds 25 | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Module, $Connection, $Rows, $ClientId)
                    Import-Module $Module
                    $Rows | Grant-ALOpsS2SPermission -Connection $Connection -ClientId $ClientId -ThrottleLimit 5
                }).AddParameters(@{ Module = $env:ALOPS_S2S_MODULE_PATH; Connection = (Get-ALOpsS2SConnection); Rows = @($script:SideBySide | Select-Object TenantId); ClientId = $app.ClientId })
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (@(Get-S2SEmulatorFault -Emulator $script:Emulator | Where-Object hits -GE 3).Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            @(Get-S2SEmulatorFault -Emulator $script:Emulator | Where-Object hits -GE 3).Count | Should -Be 1 -Because 'calls of several rows hang at the same time'
            Stop-S2SPowerShell -PowerShell $ps | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
            Clear-S2SEmulatorFault -Emulator $script:Emulator
        }
    }

    It 'shares one consent among rows of the same customer' {
        $app = New-ALOpsS2SApp -DisplayName (New-Name) -MultiTenant
        $rows = foreach ($environment in 'Production', 'Sandbox', 'Test') { [pscustomobject]@{ TenantId = $script:SideBySide[0].TenantId; Environment = $environment } }
        Clear-Log
        $grants = @($rows | Grant-ALOpsS2SPermission -ClientId $app.ClientId -ThrottleLimit 3)
        @($grants.Row) | Should -Be @(1, 2, 3)
        @($grants.ServicePrincipalId | Sort-Object -Unique).Count | Should -Be 1
        $writes = @(Get-Writes)
        @($writes | Where-Object { $_.path -like '*/servicePrincipals' -and $_.method -eq 'POST' }).Count | Should -Be 1
        @($writes | Where-Object { $_.path -like '*/appRoleAssignedTo' }).Count | Should -Be 2
        @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator | Where-Object { $_.host -eq 'graph' -and $_.tenant -eq $script:PartnerId -and $_.path -like '/v1.0/applications*' }).Count |
            Should -Be 1 -Because 'the partner''s app is read once for all rows'
    }
}

Describe 'Rows flowing from command to command' {
    BeforeAll {
        # Two customers the operator reaches (GDAP) and, last, one whose admin must consent: Grant waits for that one.
        $script:Flow = foreach ($n in 9, 10) {
            $domain = 'partnercustomer{0:00}.onmicrosoft.com' -f $n
            [pscustomobject]@{ TenantId = $domain; Id = (New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain $domain -DelegatedAdmin 'admin@contoso.onmicrosoft.com').id }
        }
        $lateDomain = 'partnercustomer11.onmicrosoft.com'
        $script:Flow += [pscustomobject]@{ TenantId = $lateDomain; Id = (New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain $lateDomain -DelegatedAdmin @(
                    @{ userPrincipalName = 'admin@contoso.onmicrosoft.com'; roles = @('Dynamics 365 Business Central Administrator') })).id }
        $script:FlowApp = New-ALOpsS2SApp -DisplayName (New-Name) -MultiTenant
        foreach ($customer in $script:Flow) {
            Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $customer.Id -Environment 'Production' -ClientId $script:FlowApp.ClientId `
                -Description $script:FlowApp.DisplayName -PermissionSet 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN' | Out-Null
        }

        # The last customer's admin consents only once Register has started on the first customer: had Register waited
        # for all of Grant's rows, Grant would wait for that consent in vain and the last row would time out.
        $first, $late = $script:Flow[0].Id, $script:Flow[2].Id
        $approver = Start-ConsentWhen $late $script:FlowApp.ClientId 'admin@partnercustomer11.onmicrosoft.com' `
            "`$_.host -eq 'bc' -and `$_.tenant -eq '$first' -and `$_.path -like '*/admin/*/environments'" 'Register never started before Grant ended'
        Clear-Log
        $script:FlowChecks = @($script:Flow | Select-Object TenantId |
                Grant-ALOpsS2SPermission -ClientId $script:FlowApp.ClientId -ClientSecret $script:FlowApp.ClientSecret -Wait -Timeout 30 -PollInterval 1 -OutVariable script:FlowGrants -ErrorVariable script:FlowErrors -WarningAction SilentlyContinue |
                Register-ALOpsBcClient -Environment Production -OutVariable script:FlowRegistrations -ErrorVariable +script:FlowErrors -WarningAction SilentlyContinue |
                Test-ALOpsS2S -ErrorVariable +script:FlowErrors -InformationAction SilentlyContinue)
        $script:FlowApproval = $approver | Receive-Job -Wait -AutoRemoveJob
        $script:FlowLog = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator)
    }

    It 'starts Register on the first customers while Grant still waits for the last one' {
        # The consent came only after Register's first call for the first customer, and Grant's last row needed it.
        $script:FlowApproval | Should -Be 'approved'
        $script:FlowGrants[2].TenantId | Should -Be $script:Flow[2].Id
        $script:FlowGrants[2].ConsentUrl | Should -Not -BeNullOrEmpty
    }

    It 'onboards every customer in input order, each row keeping its tenant, and every check passes' {
        $script:FlowErrors | Should -BeNullOrEmpty
        @($script:FlowGrants.TenantId) | Should -Be @($script:Flow.Id)
        @($script:FlowRegistrations.TenantId) | Should -Be @($script:Flow.Id)
        @($script:FlowRegistrations.Row) | Should -Be @(1, 2, 3)
        $script:FlowRegistrations | ForEach-Object { $_.AdminCenterAuthorized | Should -BeTrue; $_.Registered | Should -BeTrue }
        @($script:FlowChecks | Where-Object Status -EQ 'Fail') | Should -BeNullOrEmpty
        @($script:FlowChecks | Where-Object { $_.Target -eq 'Production' } | ForEach-Object TenantId | Select-Object -Unique) | Should -Be @($script:Flow.Id)
    }
}
