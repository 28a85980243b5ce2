#Requires -Modules Pester
# The batch path (design §1F): rows of (tenant, environment) from Import-Csv flow through Register-ALOpsBcClient
# and Test-ALOpsS2S for several customer tenants at once. One partner operator (a delegated admin of each customer)
# signs in once; a multi-tenant app is consented in each customer. Proven here: input order and Row on every
# result, per-row errors that leave the other rows alone, one token per (identity, tenant, resource), no token of
# one tenant sent to another, concurrency bounded by -ThrottleLimit, and no row failed by throttling.

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:PartnerId = $world.Emulator, $world.TenantId
    $script:Environments = 'Env01', 'Env02', 'Env03'
    $script:PermissionSets = 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN'

    # Three customers whose delegated admin is the partner's admin; a fourth where the partner has no access.
    $script:Customers = [ordered]@{}
    foreach ($n in 1..3) {
        $domain = 'batchcustomer{0:00}.onmicrosoft.com' -f $n
        $tenant = New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain $domain -Environment $script:Environments -DelegatedAdmin 'admin@contoso.onmicrosoft.com'
        $script:Customers[$domain] = $tenant.id
    }
    $script:Stranger = (New-S2SEmulatorTenant -Emulator $script:Emulator -InitialDomain 'batchstranger.onmicrosoft.com' -Environment $script:Environments).id

    # The partner's multi-tenant S2S app, consented, authorized and registered in every customer environment.
    $script:SecretText = New-TestSecret
    $script:Secret = ConvertTo-SecureString $script:SecretText -AsPlainText -Force
    $app = New-S2SEmulatorApp -Emulator $script:Emulator -DisplayName 'ALOps Partner CI' -SecretText $script:SecretText -SignInAudience AzureADMultipleOrgs
    $script:ClientId = $app.appId
    foreach ($tenant in @($script:Customers.Values) + $script:Stranger) {
        Add-S2SEmulatorServicePrincipal -Emulator $script:Emulator -Tenant $tenant -AppId $script:ClientId -AppRole API.ReadWrite.All, Automation.ReadWrite.All | Out-Null
        Add-S2SEmulatorAuthorizedApp -Emulator $script:Emulator -Tenant $tenant -ClientId $script:ClientId | Out-Null
        foreach ($environment in $script:Environments) {
            Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $tenant -Environment $environment -ClientId $script:ClientId -Description 'ALOps Partner CI' -PermissionSet $script:PermissionSets | Out-Null
        }
    }

    # Rows deliberately not sorted by tenant: output must follow the input, not the tenants.
    $tenants = @($script:Customers.Keys)
    $script:Rows = foreach ($environment in $script:Environments) {
        foreach ($i in 2, 0, 1) { [pscustomobject]@{ TenantId = $tenants[$i]; Environment = $environment; ClientId = $script:ClientId } }
    }
    $script:Csv = Join-Path $TestDrive 'rows.csv'
    $script:Rows | Export-Csv -LiteralPath $script:Csv -NoTypeInformation

    function script:Clear-Log { Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null }
    function script:Get-Log { @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator) }
    function script:Get-Tokens { @(Get-Log | Where-Object { $_.host -eq 'login' -and $_.path -like '*/oauth2/v2.0/token' -and $_.status -eq 200 }) }


    Connect-S2STestPerson -Emulator $script:Emulator | Out-Null
}

AfterAll {
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Register-ALOpsBcClient with rows from Import-Csv' {
    BeforeAll {
        Clear-Log
        $script:Registered = @(Import-Csv -LiteralPath $script:Csv | Register-ALOpsBcClient -ClientSecret $script:Secret -ThrottleLimit 4 -ErrorVariable script:RegisterErrors -WarningAction SilentlyContinue)
        $script:RegisterLog = Get-Log
    }

    It 'returns one result per row, in input order, each naming its row, tenant and environment' {
        $script:RegisterErrors | Should -BeNullOrEmpty
        $script:Registered.Row | Should -Be (1..9)
        $script:Registered.Environment | Should -Be $script:Rows.Environment
        $script:Registered.TenantId | Should -Be @($script:Rows | ForEach-Object { $script:Customers[$_.TenantId] })
        $script:Registered.Registered | Sort-Object -Unique | Should -Be $true
    }

    It 'acts in every customer tenant with the one operator sign-in: no second sign-in, one token per tenant and resource' {
        @($script:RegisterLog | Where-Object { $_.path -like '*/devicecode' -or $_.grantType -eq 'device_code' }) | Should -BeNullOrEmpty
        $operatorTokens = @(Get-Tokens | Where-Object { $_ -in $script:RegisterLog -and $_.grantType -eq 'refresh_token' })
        $tokens = @($script:RegisterLog | Where-Object { $_.host -eq 'login' -and $_.path -like '*/oauth2/v2.0/token' -and $_.status -eq 200 })
        foreach ($group in $tokens | Group-Object { "$($_.grantType) $($_.clientId) $($_.tenant) $($_.scope)" }) {
            $group.Count | Should -Be 1 -Because "each (identity, tenant, resource) token is requested once per run: $($group.Name)"
        }
        @($tokens | Where-Object grantType -eq 'refresh_token' | ForEach-Object tenant | Sort-Object -Unique) | Should -Be @($script:Customers.Values | Sort-Object)
        @($tokens | Where-Object grantType -eq 'client_credentials' | ForEach-Object tenant | Sort-Object -Unique) | Should -Be @($script:Customers.Values | Sort-Object)
    }

    It 'reads each tenant''s environments once, not once per row' {
        $environmentReads = @($script:RegisterLog | Where-Object { $_.host -eq 'bc' -and $_.method -eq 'GET' -and $_.path -like '/admin/*/applications/BusinessCentral/environments' })
        $environmentReads.Count | Should -Be 3
    }

    It 'never sends one tenant''s token to another tenant' {
        $calls = @($script:RegisterLog | Where-Object { $_.host -eq 'bc' -and $_.path -match '^/v2\.0/(?<tenant>[0-9a-f-]{36})/' })
        $calls.Count | Should -BeGreaterThan 0
        foreach ($call in $calls) {
            $null = $call.path -match '^/v2\.0/(?<tenant>[0-9a-f-]{36})/'
            $call.tenant | Should -Be $Matches.tenant -Because "$($call.method) $($call.path) carried a token of tenant $($call.tenant)"
            $call.status | Should -BeLessThan 400
        }
    }

    It 'converges: a re-run of the same rows makes no write' {
        Clear-Log
        $again = @(Import-Csv -LiteralPath $script:Csv | Register-ALOpsBcClient -ClientSecret $script:Secret -WarningAction SilentlyContinue)
        $again.Row | Should -Be (1..9)
        Get-S2STestWrites -Emulator $script:Emulator | Should -BeNullOrEmpty
    }
}

Describe 'Register-ALOpsBcClient per-row errors' {
    It 'writes an error for each failing row, naming it, and still does every other row' {
        $tenants = @($script:Customers.Keys)
        $rows = @(
            [pscustomobject]@{ TenantId = $tenants[0]; Environment = 'Env01'; ClientId = $script:ClientId }
            [pscustomobject]@{ TenantId = $tenants[1]; Environment = 'NoSuchEnvironment'; ClientId = $script:ClientId }
            [pscustomobject]@{ TenantId = 'batchstranger.onmicrosoft.com'; Environment = 'Env01'; ClientId = $script:ClientId }
            [pscustomobject]@{ TenantId = $tenants[2]; Environment = 'Env02'; ClientId = $script:ClientId }
        )
        $results = @($rows | Register-ALOpsBcClient -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)

        $results.Row | Should -Be 1, 4
        $results.Environment | Should -Be 'Env01', 'Env02'
        $failures.Count | Should -Be 2
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'S2S.EnvironmentNotFound,*'
        $failures[0].Exception.Message | Should -BeLike 'Row 2: *NoSuchEnvironment*'
        $failures[0].TargetObject | Should -BeLike 'row 2: *'
        $failures[1].FullyQualifiedErrorId | Should -BeLike 'S2S.UserNotInTenant,*'
        $failures[1].Exception.Message | Should -BeLike 'Row 3: *'
        $failures[1].ErrorDetails.RecommendedAction | Should -Match 'GDAP|guest'
    }

    It 'ends the whole batch at the first failing row under -ErrorAction Stop' {
        $rows = @(
            [pscustomobject]@{ TenantId = 'batchstranger.onmicrosoft.com'; Environment = 'Env01'; ClientId = $script:ClientId }
            [pscustomobject]@{ TenantId = @($script:Customers.Keys)[0]; Environment = 'Env01'; ClientId = $script:ClientId }
        )
        { $rows | Register-ALOpsBcClient -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'S2S.UserNotInTenant,ALOps.S2S.Commands.RegisterBcClientCommand'
    }

    It 'stops before any work when a row is bad input, and changes nothing' {
        Clear-Log
        $rows = @(
            [pscustomobject]@{ TenantId = @($script:Customers.Keys)[0]; Environment = 'Env01'; ClientId = $script:ClientId }
            [pscustomobject]@{ TenantId = @($script:Customers.Keys)[1]; Environment = 'Env01'; ClientId = 'not-a-guid' }
        )
        { $rows | Register-ALOpsBcClient -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'S2S.InvalidClientId,ALOps.S2S.Commands.RegisterBcClientCommand'
        @(Get-Log | Where-Object host -in 'graph', 'bc') | Should -BeNullOrEmpty
    }
}

Describe 'Register-ALOpsBcClient batch changes' {
    It 'asks once per tenant, changes nothing under -WhatIf, then authorizes each tenant once' {
        $first, $second = @($script:Customers.Values)[0, 1]
        Remove-S2SEmulatorAuthorizedApp -Emulator $script:Emulator -Tenant $first -ClientId $script:ClientId
        Remove-S2SEmulatorAuthorizedApp -Emulator $script:Emulator -Tenant $second -ClientId $script:ClientId
        $rows = @(Import-Csv -LiteralPath $script:Csv)

        Clear-Log
        $transcript = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -LiteralPath $transcript | Out-Null
        try { $rows | Register-ALOpsBcClient -WhatIf -WarningAction SilentlyContinue | Out-Null } finally { Stop-Transcript | Out-Null }
        Get-S2STestWrites -Emulator $script:Emulator | Should -BeNullOrEmpty
        @(Select-String -LiteralPath $transcript -Pattern 'What if: .*Authorize client id').Count | Should -Be 2 -Because 'one question per tenant, not per row'

        Clear-Log
        $results = @($rows | Register-ALOpsBcClient -WarningAction SilentlyContinue)
        $puts = @(Get-S2STestWrites -Emulator $script:Emulator)
        $puts.Count | Should -Be 2
        @($puts | ForEach-Object tenant | Sort-Object) | Should -Be @($first, $second | Sort-Object)
        $results.Row | Should -Be (1..9)
        $results.AdminCenterAuthorized | Sort-Object -Unique | Should -Be $true
    }

    It 'tags the verbose messages of concurrent rows with their row' {
        $lines = @(Import-Csv -LiteralPath $script:Csv | Select-Object -First 2 | Register-ALOpsBcClient -Verbose -WarningAction SilentlyContinue 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($lines | Where-Object { $_ -like '`[row 1: tenant *' }).Count | Should -BeGreaterThan 0
        @($lines | Where-Object { $_ -like '`[row 2: tenant *' }).Count | Should -BeGreaterThan 0
    }

    It 'refuses, per row, a connection that can only act in its own tenant' {
        $graph = Get-TestAppToken -Emulator $script:Emulator -Tenant $script:PartnerId -ClientId $script:ClientId -Secret $script:SecretText -Resource 'https://graph.microsoft.com'
        $bc = Get-TestAppToken -Emulator $script:Emulator -Tenant $script:PartnerId -ClientId $script:ClientId -Secret $script:SecretText -Resource 'https://api.businesscentral.dynamics.com'
        $tokens = Connect-ALOpsS2S -GraphAccessToken (ConvertTo-SecureString $graph -AsPlainText -Force) -BusinessCentralAccessToken (ConvertTo-SecureString $bc -AsPlainText -Force)
        $rows = @(Import-Csv -LiteralPath $script:Csv | Select-Object -First 2)
        $results = @($rows | Register-ALOpsBcClient -Connection $tokens -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $results | Should -BeNullOrEmpty
        $failures.Count | Should -Be 2
        $failures.FullyQualifiedErrorId | Sort-Object -Unique | Should -BeLike 'S2S.TenantNotReachable,*'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'delegated admin|multi-tenant'
    }

    AfterAll { Connect-S2STestPerson -Emulator $script:Emulator | Out-Null }
}

Describe 'Test-ALOpsS2S with rows from Import-Csv' {
    BeforeAll {
        Clear-Log
        $script:Checks = @(Import-Csv -LiteralPath $script:Csv | Select-Object TenantId, Environment |
                Test-ALOpsS2S -ClientId $script:ClientId -ClientSecret $script:Secret -ThrottleLimit 4 -ErrorVariable script:TestErrors -InformationAction SilentlyContinue)
        $script:TestLog = Get-Log
    }

    It 'passes every check of every row' {
        $script:TestErrors | Should -BeNullOrEmpty
        $script:Checks | Where-Object Status -NE 'Pass' | ForEach-Object { "row $($_.Row) $($_.Check) $($_.Target): $($_.Status) $($_.Cause)" } | Should -BeNullOrEmpty
    }

    It 'writes the results in input order, each row''s environment checks under its Row' {
        $rowsInOutput = @($script:Checks.Row)
        $rowsInOutput | Should -Be @($rowsInOutput | Sort-Object)
        foreach ($n in 1..9) {
            $own = @($script:Checks | Where-Object { $_.Row -eq $n -and $_.Check -in 'StandardApi', 'AutomationApi', 'ExtensionManagement' })
            $own.Target | Sort-Object -Unique | Should -Be $script:Rows[$n - 1].Environment
            $own.TenantId | Sort-Object -Unique | Should -Be $script:Rows[$n - 1].TenantId
        }
    }

    It 'reports a tenant that does not exist on its own row, and checks the other rows' {
        $rows = @(
            [pscustomobject]@{ TenantId = @($script:Customers.Keys)[0]; Environment = 'Env01' }
            [pscustomobject]@{ TenantId = 'nosuchcustomer.onmicrosoft.com'; Environment = 'Env01' }
            [pscustomobject]@{ TenantId = @($script:Customers.Keys)[1]; Environment = 'Env02' }
        )
        $checks = @($rows | Test-ALOpsS2S -ClientId $script:ClientId -ClientSecret $script:Secret -ErrorVariable failures -ErrorAction SilentlyContinue -InformationAction SilentlyContinue)
        ($checks | Where-Object { $_.Row -eq 2 -and $_.Check -eq 'TenantResolves' }).Status | Should -Be 'Fail'
        $failures.Count | Should -Be 1
        $failures[0].Exception.Message | Should -BeLike 'Row 2: tenant nosuchcustomer.onmicrosoft.com, *TenantResolves failed*'
        @($checks | Where-Object { $_.Row -ne 2 -and $_.Status -ne 'Pass' }) | Should -BeNullOrEmpty
        @($checks | Where-Object Row -EQ 3 | Where-Object Check -EQ 'StandardApi').Target | Should -Be 'Env02'
    }

    It 'takes the rows that Register-ALOpsBcClient writes, in the same pipeline' {
        $checks = @(Import-Csv -LiteralPath $script:Csv | Register-ALOpsBcClient -ClientSecret $script:Secret -ThrottleLimit 4 -WarningAction SilentlyContinue |
                Test-ALOpsS2S -ThrottleLimit 4 -ErrorVariable failures -InformationAction SilentlyContinue)
        $failures | Should -BeNullOrEmpty
        @($checks | Where-Object Status -NE 'Pass') | Should -BeNullOrEmpty
        foreach ($n in 1..9) {
            $environmentChecks = @($checks | Where-Object { $_.Row -eq $n -and $_.Check -eq 'StandardApi' })
            $environmentChecks.Target | Should -Be $script:Rows[$n - 1].Environment
            $environmentChecks.TenantId | Should -Be $script:Customers[$script:Rows[$n - 1].TenantId]
        }
    }

    It 'checks the app itself once per tenant, on the first row of that tenant' {
        $signIns = @($script:Checks | Where-Object Check -EQ 'TokenForBusinessCentral')
        $signIns.Row | Should -Be 1, 2, 3
        @($script:TestLog | Where-Object { $_.grantType -eq 'client_credentials' -and $_.status -eq 200 }).Count | Should -Be 3
    }
}

Describe 'Throttling and concurrency' {
    AfterEach { Clear-S2SEmulatorFault -Emulator $script:Emulator }

    It 'never fails a row because of 429: a rate limit of 3 requests per second per tenant is paced out' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost bc -Kind rateLimit -RequestsPerSecond 3 | Out-Null
        Clear-Log
        $checks = @(Import-Csv -LiteralPath $script:Csv | Select-Object TenantId, Environment |
                Test-ALOpsS2S -ClientId $script:ClientId -ClientSecret $script:Secret -ThrottleLimit 9 -ErrorVariable failures -InformationAction SilentlyContinue)
        $log = Get-Log
        @($log | Where-Object fault -EQ 'rateLimit').Count | Should -BeGreaterThan 0 -Because 'the emulator throttled some calls'
        $failures | Should -BeNullOrEmpty
        @($checks | Where-Object Status -NE 'Pass') | Should -BeNullOrEmpty
        @($checks.Row | Sort-Object -Unique) | Should -Be (1..9)
    }

    It 'runs rows of different tenants at the same time, up to -ThrottleLimit' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost bc -Kind latency -LatencyMs 300 | Out-Null
        Clear-Log
        Import-Csv -LiteralPath $script:Csv | Select-Object TenantId, Environment |
            Test-ALOpsS2S -ClientId $script:ClientId -ClientSecret $script:Secret -ThrottleLimit 3 -Quiet -InformationAction SilentlyContinue | Should -BeTrue
        # Requests on the wire: the operations inside a $batch are logged too, overlapping their batch.
        $parallel = @(Get-Log | Where-Object { $_.host -eq 'bc' -and $_.path -like '/v2.0/*' -and -not $_.batch })
        Clear-Log
        Import-Csv -LiteralPath $script:Csv | Select-Object TenantId, Environment |
            Test-ALOpsS2S -ClientId $script:ClientId -ClientSecret $script:Secret -ThrottleLimit 1 -Quiet -InformationAction SilentlyContinue | Should -BeTrue
        $serial = @(Get-Log | Where-Object { $_.host -eq 'bc' -and $_.path -like '/v2.0/*' -and -not $_.batch })

        # With one row at a time the environments are called strictly in row order; with three, rows overlap.
        $serialOrder = @($serial | ForEach-Object { if ($_.path -match '^/v2\.0/([^/]+)/([^/]+)/') { "$($Matches[1])/$($Matches[2])" } } | Select-Object -Unique)
        $expected = @($script:Rows | ForEach-Object { "$($script:Customers[$_.TenantId])/$($_.Environment)" })
        $serialOrder | Should -Be $expected
        Get-S2SMaxOverlap $parallel | Should -BeGreaterThan 1
        Get-S2SMaxOverlap $parallel | Should -BeLessOrEqual 3
        Get-S2SMaxOverlap $serial | Should -Be 1
    }
}

Describe 'Start order' {
    It 'runs rows strictly in input order with -ThrottleLimit 1, even when they are sorted by tenant' {
        $tenants = @($script:Customers.Keys)
        $rows = foreach ($tenant in $tenants[0], $tenants[1]) { foreach ($environment in 'Env01', 'Env02') { [pscustomobject]@{ TenantId = $tenant; Environment = $environment } } }
        Clear-Log
        $rows | Test-ALOpsS2S -ClientId $script:ClientId -ClientSecret $script:Secret -ThrottleLimit 1 -Quiet -InformationAction SilentlyContinue | Should -BeTrue
        $order = @(Get-Log | Where-Object { $_.host -eq 'bc' -and $_.path -match '^/v2\.0/([^/]+)/([^/]+)/' } |
                Sort-Object { [datetimeoffset]$_.startedAt } |
                ForEach-Object { $null = $_.path -match '^/v2\.0/([^/]+)/([^/]+)/'; "$($Matches[1])/$($Matches[2])" } | Select-Object -Unique)
        $order | Should -Be @($rows | ForEach-Object { "$($script:Customers[$_.TenantId])/$($_.Environment)" })
    }
}

Describe 'Ctrl+C during a batch' {
    AfterEach { Clear-S2SEmulatorFault -Emulator $script:Emulator }

    It 'stops every row within 3 s while calls of several tenants hang' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost bc -Kind latency -LatencyMs 20000 -PathContains '/api/' -DurationSeconds 25 | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Module, $Connection, $Csv, $ClientId, $Secret)
                    Import-Module $Module
                    Import-Csv -LiteralPath $Csv | Select-Object TenantId, Environment |
                        Test-ALOpsS2S -Connection $Connection -ClientId $ClientId -ClientSecret $Secret -ThrottleLimit 9
                }).AddParameters(@{ Module = $env:ALOPS_S2S_MODULE_PATH; Connection = (Get-ALOpsS2SConnection); Csv = $script:Csv; ClientId = $script:ClientId; Secret = $script:Secret })
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (@(Get-S2SEmulatorFault -Emulator $script:Emulator | Where-Object hits -GE 3).Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            Start-Sleep -Milliseconds 300 # calls of several rows are in flight
            Stop-S2SPowerShell -PowerShell $ps | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
    }
}
