#Requires -Modules Pester
<#
    Reliability: each state-changing cmdlet and the doctor under the faults of the emulator (tests/ALOps.S2S.Emulator/Faults).

    Contract proven here, for New-ALOpsS2SApp, Grant-ALOpsS2SPermission, Register-ALOpsBcClient and Test-ALOpsS2S:
      * under a fault the cmdlet either succeeds or fails with an S2S.* error id and a message naming the cause (a
        dropped creating POST always fails: "The connection to <host> broke before POST <url> was answered, so whether
        the change was made is unknown (it is not sent twice). Run the same command again ...");
      * a plain re-run afterwards converges to ONE app, ONE service principal, ONE credential, no duplicate app role
        assignment, ONE admin center authorization and no duplicate permission set (counted through Graph and the
        emulator's control API);
      * retries are bounded (RetryPolicy.Default: 6 retries, 60 s longest single wait, 180 s in total) and reported on the
        verbose and progress streams.

    Every cmdlet meets every kind of fault on the host it depends on: 429 burst (2 x Retry-After 1 s), 429 storm (8 s
    of Retry-After 2 s), 503, 504, a dropped connection on a read (resent) and, where it creates something, on the
    creating POST (not resent: the re-run converges), and 2 s latency; not every host x call x fault (that would take
    ~15 minutes). Token expiry, Ctrl+C (all four cmdlets), a 30 s replication delay and exhausted retry budgets have
    their own Describe blocks.
#>

BeforeAll {
    Import-Module $env:ALOPS_S2S_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1') -Force
    . (Join-Path $PSScriptRoot 'S2STestHelpers.ps1')

    $world = Start-S2STestWorld -StateDirectory (Join-Path $TestDrive 'emulator')
    $script:Emulator, $script:TenantId = $world.Emulator, $world.TenantId
    $script:Permissions = 'API.ReadWrite.All', 'Automation.ReadWrite.All', 'AdminCenter.ReadWrite.All'
    $script:Sets = 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN'

    function script:New-Name { "Reliable $([guid]::NewGuid().ToString('N').Substring(0, 8))" }

    # A reader with its own secret, to count what exists (Graph), outside the module and after faults are cleared.
    $readerSecret = New-TestSecret
    $reader = New-S2SEmulatorApp -Emulator $script:Emulator -Tenant $script:TenantId -DisplayName 'Reliability reader' -SecretText $readerSecret -GraphRole 'Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All'
    $script:ReaderToken = Get-TestAppToken -Emulator $script:Emulator -Tenant $script:TenantId -ClientId $reader.appId -Secret $readerSecret -Resource 'https://graph.microsoft.com'

    function script:Invoke-Graph([string] $Path) {
        Invoke-RestMethod -Uri "$($script:Emulator.graphEndpoint)/v1.0/$Path" -Headers @{ Authorization = "Bearer $script:ReaderToken" }
    }

    # What exists for one app, counted without the module.
    function script:Get-EndState([string] $DisplayName) {
        $tenant = (Get-S2SEmulatorSeed -Emulator $script:Emulator).tenants.Where({ $_.id -eq $script:TenantId })[0]
        $apps = @($tenant.applications | Where-Object displayName -EQ $DisplayName)
        $state = [ordered]@{ Apps = $apps.Count; ServicePrincipals = 0; Passwords = 0; Keys = 0; RoleAssignments = 0; DistinctRoles = 0; Authorized = 0; PermissionSets = @() }
        if ($apps.Count -eq 1) {
            $appId = $apps[0].appId
            $app = Invoke-Graph "applications/$($apps[0].objectId)"
            $state.Passwords = @($app.passwordCredentials).Count
            $state.Keys = @($app.keyCredentials).Count
            $sps = @((Invoke-Graph "servicePrincipals?`$filter=appId eq '$appId'").value)
            $state.ServicePrincipals = $sps.Count
            if ($sps.Count -eq 1) {
                $assignments = @((Invoke-Graph "servicePrincipals/$($sps[0].id)/appRoleAssignments").value)
                $state.RoleAssignments = $assignments.Count
                $state.DistinctRoles = @($assignments.appRoleId | Sort-Object -Unique).Count
            }
            $state.Authorized = @($tenant.authorizedAadApps | Where-Object { "$_" -eq $appId -or $_.appId -eq $appId -or $_.applicationId -eq $appId }).Count
            $row = Get-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:TenantId -Environment Production -ClientId $appId
            if ($row) { $state.PermissionSets = @($row.permissionSets | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.roleId } }) }
        }
        [pscustomobject]$state
    }

    # One runspace of its own (signed in as the admin) whose streams, progress included, can be read after each run.
    $script:Runner = [powershell]::Create()
    $null = $script:Runner.AddScript({
            param($Module)
            Import-Module $Module
            $ProgressPreference = 'Continue'
            $VerbosePreference = 'Continue'
        }).AddArgument($env:ALOPS_S2S_MODULE_PATH)
    $script:Runner.Invoke()
    function script:Connect-Runner([string] $User = 'admin@contoso.onmicrosoft.com') {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ deviceCodeUser = $User } | Out-Null
        $null = Invoke-Runner { Connect-ALOpsS2S -TenantId 'contoso.onmicrosoft.com' -UseDeviceCode -WarningAction SilentlyContinue }
    }

    # Runs $Script (with $Arguments as its parameters) in the runner; returns output, errors, verbose and progress text.
    function script:Invoke-Runner([scriptblock] $Script, [hashtable] $Arguments = @{}) {
        $script:Runner.Commands.Clear()
        $script:Runner.Streams.ClearStreams()
        $null = $script:Runner.AddScript($Script.ToString()).AddParameters($Arguments)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $output = $null
        $thrown = $null
        try { $output = @($script:Runner.Invoke()) }
        catch { $thrown = $_.Exception.InnerException ?? $_.Exception }
        $errors = @($script:Runner.Streams.Error)
        if ($thrown -and $thrown.PSObject.Properties['ErrorRecord'] -and $thrown.ErrorRecord) { $errors += $thrown.ErrorRecord }
        [pscustomobject]@{
            Output   = $output
            Errors   = $errors
            Thrown   = $thrown
            Verbose  = @($script:Runner.Streams.Verbose | ForEach-Object Message)
            Progress = @($script:Runner.Streams.Progress | ForEach-Object { "$($_.Activity): $($_.StatusDescription)" })
            Seconds  = $watch.Elapsed.TotalSeconds
        }
    }

    # Per cmdlet: arrange (no fault), act (the cmdlet under test), and the end state a converged run leaves.
    $script:Cmdlets = @{
        New      = @{
            Arrange = { @{ Name = (New-Name) } }
            Act     = { param($Name) New-ALOpsS2SApp -DisplayName $Name -WarningAction SilentlyContinue }
            Check   = { param($Context, $State) $State.Apps | Should -Be 1; $State.ServicePrincipals | Should -Be 1; $State.Passwords | Should -Be 1 }
        }
        Grant    = @{
            Arrange = { $app = New-ALOpsS2SApp -DisplayName (New-Name); @{ Name = $app.DisplayName; ClientId = $app.ClientId; Permission = $script:Permissions } }
            Act     = { param($Name, $ClientId, $Permission) Grant-ALOpsS2SPermission -ClientId $ClientId -Permission $Permission }
            Check   = { param($Context, $State) $State.RoleAssignments | Should -Be 3; $State.DistinctRoles | Should -Be 3 }
        }
        Register = @{
            Arrange = {
                $app = New-ALOpsS2SApp -DisplayName (New-Name) | Grant-ALOpsS2SPermission -Permission $script:Permissions
                # The person's step on page 9860 is done with one set, so the cmdlet assigns the other (a creating POST).
                Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:TenantId -Environment Production -ClientId $app.ClientId -Description $app.DisplayName -PermissionSet 'D365 AUTOMATION' | Out-Null
                @{ Name = $app.DisplayName; ClientId = $app.ClientId }
            }
            Act     = { param($Name, $ClientId) Register-ALOpsBcClient -ClientId $ClientId -Description $Name -Environment Production -WarningAction SilentlyContinue }
            Check   = { param($Context, $State) $State.Authorized | Should -Be 1; ($State.PermissionSets | Sort-Object) | Should -Be $script:Sets }
        }
        Test     = @{
            Arrange = {
                $app = New-ALOpsS2SApp -DisplayName (New-Name)
                $null = $app | Grant-ALOpsS2SPermission -Permission $script:Permissions
                $null = $app | Register-ALOpsBcClient -Environment Production -WarningAction SilentlyContinue
                Register-S2SEmulatorEntraApp -Emulator $script:Emulator -Tenant $script:TenantId -Environment Production -ClientId $app.ClientId -Description $app.DisplayName -PermissionSet $script:Sets | Out-Null
                @{ Name = $app.DisplayName; ClientId = $app.ClientId; Secret = $app.ClientSecret; TenantId = $script:TenantId }
            }
            Act     = { param($Name, $ClientId, $Secret, $TenantId) Test-ALOpsS2S -TenantId $TenantId -ClientId $ClientId -ClientSecret $Secret -Environment Production -Permission API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All }
            Check   = { param($Context, $State) $State.Passwords | Should -Be 1; $State.RoleAssignments | Should -Be 3 }
        }
    }

    Connect-S2STestPerson -Emulator $script:Emulator | Out-Null
    Connect-Runner
}

AfterAll {
    if ($script:Runner) { $script:Runner.Dispose() }
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}

Describe 'Fault matrix: succeed or fail clearly, then a plain re-run converges' {
    AfterEach { Clear-S2SEmulatorFault -Emulator $script:Emulator }

    It '<Cmdlet> under <Name>' -ForEach @(
        # New-ALOpsS2SApp: Graph reads, POST /applications, POST /servicePrincipals, POST addPassword; login for tokens.
        @{ Cmdlet = 'New'; Name = '429 burst on Graph'; Fault = @{ host = 'graph'; kind = 'throttle'; count = 2; retryAfterSeconds = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'New'; Name = '429 storm on Graph (8 s)'; Fault = @{ host = 'graph'; kind = 'throttle'; durationSeconds = 8; retryAfterSeconds = 2 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'New'; Name = '503 on POST /applications'; Fault = @{ host = 'graph'; kind = 'unavailable'; pathContains = '/applications'; method = 'POST'; count = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'New'; Name = '504 on a Graph read'; Fault = @{ host = 'graph'; kind = 'gatewayTimeout'; method = 'GET'; count = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'New'; Name = 'a dropped Graph read'; Fault = @{ host = 'graph'; kind = 'drop'; method = 'GET'; count = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'New'; Name = 'a dropped POST /applications'; Fault = @{ host = 'graph'; kind = 'drop'; method = 'POST'; pathContains = '/v1.0/applications'; count = 1 }; Outcome = 'ClearFailure' }
        @{ Cmdlet = 'New'; Name = 'a dropped POST addPassword'; Fault = @{ host = 'graph'; kind = 'drop'; pathContains = '/addPassword'; count = 1 }; Outcome = 'ClearFailure' }
        @{ Cmdlet = 'New'; Name = '2 s latency on Graph'; Fault = @{ host = 'graph'; kind = 'latency'; latencyMs = 2000; count = 3 }; Outcome = 'Success' }
        # Grant-ALOpsS2SPermission: Graph reads, PATCH application, POST appRoleAssignedTo.
        @{ Cmdlet = 'Grant'; Name = '429 burst on POST appRoleAssignedTo'; Fault = @{ host = 'graph'; kind = 'throttle'; pathContains = '/appRoleAssignedTo'; method = 'POST'; count = 2; retryAfterSeconds = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Grant'; Name = '503 on PATCH application'; Fault = @{ host = 'graph'; kind = 'unavailable'; method = 'PATCH'; count = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Grant'; Name = 'a dropped POST appRoleAssignedTo'; Fault = @{ host = 'graph'; kind = 'drop'; pathContains = '/appRoleAssignedTo'; method = 'POST'; count = 1 }; Outcome = 'ClearFailure' }
        @{ Cmdlet = 'Grant'; Name = 'a dropped Graph read'; Fault = @{ host = 'graph'; kind = 'drop'; method = 'GET'; count = 2 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Grant'; Name = '429 storm on Graph (8 s)'; Fault = @{ host = 'graph'; kind = 'throttle'; durationSeconds = 8; retryAfterSeconds = 2 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Grant'; Name = '504 on a Graph read'; Fault = @{ host = 'graph'; kind = 'gatewayTimeout'; method = 'GET'; count = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Grant'; Name = '2 s latency on Graph'; Fault = @{ host = 'graph'; kind = 'latency'; latencyMs = 2000; count = 2 }; Outcome = 'Success' }
        # Register-ALOpsBcClient: admin center PUT authorizedAadApps and GET environments, automation API reads and POST userPermissions.
        @{ Cmdlet = 'Register'; Name = '429 burst on the admin center'; Fault = @{ host = 'bc'; kind = 'throttle'; pathContains = '/admin/'; count = 2; retryAfterSeconds = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Register'; Name = '504 on BC'; Fault = @{ host = 'bc'; kind = 'gatewayTimeout'; count = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Register'; Name = 'a dropped PUT authorizedAadApps'; Fault = @{ host = 'bc'; kind = 'drop'; method = 'PUT'; count = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Register'; Name = 'a dropped POST userPermissions'; Fault = @{ host = 'bc'; kind = 'drop'; method = 'POST'; count = 1 }; Outcome = 'ClearFailure' }
        @{ Cmdlet = 'Register'; Name = '2 s latency on BC'; Fault = @{ host = 'bc'; kind = 'latency'; latencyMs = 2000; count = 2 }; Outcome = 'Success' }
        @{ Cmdlet = 'Register'; Name = '429 storm on BC (8 s)'; Fault = @{ host = 'bc'; kind = 'throttle'; durationSeconds = 8; retryAfterSeconds = 2 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Register'; Name = '503 on the environment APIs'; Fault = @{ host = 'bc'; kind = 'unavailable'; pathContains = '/api/'; count = 1; retryAfterSeconds = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Register'; Name = 'a dropped BC read'; Fault = @{ host = 'bc'; kind = 'drop'; method = 'GET'; count = 1 }; Outcome = 'Success'; Retried = $true }
        # Test-ALOpsS2S: the app's token (login) and BC reads.
        @{ Cmdlet = 'Test'; Name = '429 burst on BC'; Fault = @{ host = 'bc'; kind = 'throttle'; count = 2; retryAfterSeconds = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Test'; Name = '503 on the token endpoint'; Fault = @{ host = 'login'; kind = 'unavailable'; pathContains = '/token'; count = 1; retryAfterSeconds = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Test'; Name = '504 and a dropped connection on the token endpoint'; Fault = @{ host = 'login'; kind = 'gatewayTimeout'; pathContains = '/token'; count = 1 }, @{ host = 'login'; kind = 'drop'; pathContains = '/token'; count = 1 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Test'; Name = 'dropped BC reads'; Fault = @{ host = 'bc'; kind = 'drop'; count = 2 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Test'; Name = '2 s latency on BC'; Fault = @{ host = 'bc'; kind = 'latency'; latencyMs = 2000; count = 1 }; Outcome = 'Success' }
        @{ Cmdlet = 'Test'; Name = '429 storm on BC (8 s)'; Fault = @{ host = 'bc'; kind = 'throttle'; durationSeconds = 8; retryAfterSeconds = 2 }; Outcome = 'Success'; Retried = $true }
        @{ Cmdlet = 'Test'; Name = '503 on BC'; Fault = @{ host = 'bc'; kind = 'unavailable'; count = 1; retryAfterSeconds = 1 }; Outcome = 'Success'; Retried = $true }
    ) {
        $definition = $script:Cmdlets[$Cmdlet]
        $context = & $definition.Arrange
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        Set-S2SEmulatorFault -Emulator $script:Emulator -Fault $Fault | Out-Null

        $run = Invoke-Runner $definition.Act $context
        $failed = $run.Thrown -or $run.Errors.Count -gt 0
        if ($Outcome -eq 'Success') {
            $failed | Should -BeFalse -Because "the fault is retried ($(($run.Errors + $run.Thrown | Out-String).Trim()))"
        }
        if ($Outcome -eq 'ClearFailure') {
            # A creating POST whose connection broke is not resent (it may have been done): a clear error, then the re-run.
            $failed | Should -BeTrue
        }
        if ($failed) {
            foreach ($record in $run.Errors) {
                $record.FullyQualifiedErrorId | Should -Match '^S2S\.'
                $record.Exception.Message | Should -Not -BeNullOrEmpty
                if ($Fault.kind -eq 'drop') {
                    $record.Exception.Message | Should -Match 'connection .* broke.*Run the same command again' -Because 'a lost write says what happened and what to do'
                }
            }
        }
        $hits = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator | Where-Object { $_.PSObject.Properties['fault'] -and $_.fault }).Count
        $hits | Should -BeGreaterThan 0 -Because 'the fault really hit a request of the cmdlet'
        if ($Retried) {
            # A read that failed inside a $batch is read again on its own at once: reported, with no wait to show.
            $retries = @($run.Verbose -match 'retry \d+ of (6|3)')
            $rereads = @($run.Verbose -match 'reading it again on its own')
            ($retries + $rereads) | Should -Not -BeNullOrEmpty -Because 'each retry is reported on the verbose stream'
            if ($retries) { ($run.Progress -match 'retry \d+ of (6|3)') | Should -Not -BeNullOrEmpty -Because 'and its wait on the progress stream' }
        }
        if ($Cmdlet -eq 'Test' -and -not $failed) {
            $run.Output.Status | Sort-Object -Unique | Should -Be 'Pass'
        }

        # A plain re-run without the fault converges.
        Clear-S2SEmulatorFault -Emulator $script:Emulator
        $again = Invoke-Runner $definition.Act $context
        $again.Thrown | Should -BeNullOrEmpty
        $again.Errors | Should -BeNullOrEmpty
        $state = Get-EndState $context.Name
        & $definition.Check $context $state
    }
}

Describe 'Retries are bounded' {
    AfterEach { Clear-S2SEmulatorFault -Emulator $script:Emulator }

    It 'keeps retrying a throttled call past 6 retries while the wait budget lasts (9 x 429, then success)' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost graph -Kind throttle -RetryAfterSeconds 1 -Count 9 | Out-Null
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $run = Invoke-Runner { param($Name) New-ALOpsS2SApp -DisplayName $Name } @{ Name = (New-Name) }
        $run.Errors | Should -BeNullOrEmpty
        @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost graph | Where-Object status -EQ 429).Count | Should -Be 9
        $run.Seconds | Should -BeGreaterThan 8.5
        $run.Seconds | Should -BeLessThan 25
    }

    It 'gives up after 6 retries of an unavailable service (7 requests, ~6 s) with a clear error' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost graph -Kind unavailable -RetryAfterSeconds 1 | Out-Null
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $run = Invoke-Runner { param($Name) New-ALOpsS2SApp -DisplayName $Name } @{ Name = (New-Name) }
        $unavailable = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost graph | Where-Object status -EQ 503)
        $unavailable.Count | Should -Be 7
        $run.Seconds | Should -BeLessThan 15
        $record = @($run.Errors)[0]
        $record.FullyQualifiedErrorId | Should -Match '^S2S\.'
        "$($record.Exception.Message) $($record.ErrorDetails)" | Should -Match '503|unavailable|busy'
        @($run.Verbose -match 'retry \d+ of 6').Count | Should -Be 6
    }

    It 'does not wait when Retry-After exceeds the 60 s single-wait bound' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost graph -Kind throttle -RetryAfterSeconds 120 | Out-Null
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $run = Invoke-Runner { param($Name) New-ALOpsS2SApp -DisplayName $Name } @{ Name = (New-Name) }
        @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost graph | Where-Object status -EQ 429).Count | Should -Be 1
        $run.Seconds | Should -BeLessThan 5
        @($run.Errors)[0].FullyQualifiedErrorId | Should -Match '^S2S\.'
    }

    It 'resends a read whose connection drops 3 times in a row with back-off 1, 2, 4 s (at most 3 resends; see RetryHandlerTransportTests)' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost bc -Kind drop -Method GET -PathContains '/environments' -Count 3 | Out-Null
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        $run = Invoke-Runner { param($ClientId, $Name) Register-ALOpsBcClient -ClientId $ClientId -Description $Name -Environment Production -WarningAction SilentlyContinue } @{ ClientId = $app.ClientId; Name = $app.DisplayName }
        $run.Errors | Should -BeNullOrEmpty
        @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost bc | Where-Object { $_.PSObject.Properties['fault'] -and $_.fault -eq 'drop' }).Count | Should -Be 3
        @($run.Verbose -match 'connection lost.*retry \d+ of 3').Count | Should -Be 3
        $run.Seconds | Should -BeGreaterThan 6.5
        $run.Seconds | Should -BeLessThan 15
    }

    It 'gives up on a host that refuses connections after 3 resends (about 7 s), naming what to check' {
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost bc -Kind drop -Method GET -PathContains '/environments' -Count 10 | Out-Null
        $app = New-ALOpsS2SApp -DisplayName (New-Name)
        $run = Invoke-Runner { param($ClientId, $Name) Register-ALOpsBcClient -ClientId $ClientId -Description $Name -Environment Production -WarningAction SilentlyContinue } @{ ClientId = $app.ClientId; Name = $app.DisplayName }
        @($run.Errors).Count + @($run.Thrown).Count | Should -BeGreaterThan 0
        "$(@($run.Errors + $run.Thrown) | ForEach-Object { $_.Exception.Message })" | Should -Match 'broke 4 times in a row.*network or proxy'
        $run.Seconds | Should -BeLessThan 15
    }
}

Describe 'The operator token expires mid-run' {
    AfterAll {
        Clear-S2SEmulatorFault -Emulator $script:Emulator
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ tokenLifetimeSeconds = 3600 } | Out-Null
        Connect-Runner
    }

    It 'New | Grant | Register completes with tokens that live 2 s, refreshing silently' {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ tokenLifetimeSeconds = 2 } | Out-Null
        Connect-Runner
        Start-Sleep -Seconds 3 # the connection's tokens have expired
        Set-S2SEmulatorFault -Emulator $script:Emulator -ServiceHost graph -Kind latency -LatencyMs 1000 -Method GET -Count 3 | Out-Null
        Get-S2SEmulatorRequestLog -Emulator $script:Emulator -Clear | Out-Null
        $name = New-Name
        $run = Invoke-Runner {
            param($Name, $Permission)
            New-ALOpsS2SApp -DisplayName $Name | Grant-ALOpsS2SPermission -Permission $Permission | Register-ALOpsBcClient -Environment Production -WarningAction SilentlyContinue
        } @{ Name = $name; Permission = $script:Permissions }
        $run.Errors | Should -BeNullOrEmpty
        $run.Thrown | Should -BeNullOrEmpty
        $run.Output[-1].AdminCenterAuthorized | Should -BeTrue
        $tokens = @(Get-S2SEmulatorRequestLog -Emulator $script:Emulator -ServiceHost login | Where-Object { $_.path -like '*/token' -and $_.status -eq 200 })
        $tokens.Count | Should -BeGreaterThan 2 -Because 'expired tokens were renewed during the run'
        $state = Get-EndState $name
        $state.Apps | Should -Be 1
        $state.RoleAssignments | Should -Be 3
        $state.Authorized | Should -Be 1
    }
}

Describe 'Ctrl+C in the middle, then a plain re-run' {
    AfterEach { Clear-S2SEmulatorFault -Emulator $script:Emulator }

    It 'stops <Cmdlet> within 3 s while a call hangs, and the re-run converges' -ForEach @(
        @{ Cmdlet = 'New'; Fault = @{ host = 'graph'; kind = 'latency'; latencyMs = 20000; method = 'POST'; pathContains = '/servicePrincipals'; durationSeconds = 25 } }
        @{ Cmdlet = 'Grant'; Fault = @{ host = 'graph'; kind = 'latency'; latencyMs = 20000; method = 'POST'; pathContains = '/appRoleAssignedTo'; durationSeconds = 25 } }
        @{ Cmdlet = 'Register'; Fault = @{ host = 'bc'; kind = 'latency'; latencyMs = 20000; method = 'POST'; durationSeconds = 25 } }
        @{ Cmdlet = 'Test'; Fault = @{ host = 'bc'; kind = 'latency'; latencyMs = 20000; method = 'GET'; durationSeconds = 25 } }
    ) {
        $definition = $script:Cmdlets[$Cmdlet]
        $context = & $definition.Arrange
        Set-S2SEmulatorFault -Emulator $script:Emulator -Fault $Fault | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Module, $Connection, $Act, $Arguments)
                    Import-Module $Module
                    $PSDefaultParameterValues['*-ALOps*:Connection'] = $Connection
                    & ([scriptblock]::Create($Act)) @Arguments
                }).AddParameters(@{ Module = $env:ALOPS_S2S_MODULE_PATH; Connection = (Get-ALOpsS2SConnection); Act = $definition.Act.ToString(); Arguments = $context })
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (Get-S2SEmulatorFault -Emulator $script:Emulator | Where-Object hits -GT 0) -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            Start-Sleep -Milliseconds 300 # the call is in flight
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }

        Clear-S2SEmulatorFault -Emulator $script:Emulator
        Start-Sleep -Seconds 1
        $again = Invoke-Runner $definition.Act $context
        $again.Errors | Should -BeNullOrEmpty
        $again.Thrown | Should -BeNullOrEmpty
        & $definition.Check $context (Get-EndState $context.Name)
    }
}

Describe 'A 30-second Entra replication delay' {
    AfterAll { Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 0 } | Out-Null }

    It 'New | Grant waits it out within the 180 s replication budget, reporting progress' {
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 30 } | Out-Null
        $name = New-Name
        $run = Invoke-Runner { param($Name, $Permission) New-ALOpsS2SApp -DisplayName $Name | Grant-ALOpsS2SPermission -Permission $Permission } @{ Name = $name; Permission = $script:Permissions }
        $run.Errors | Should -BeNullOrEmpty
        $run.Thrown | Should -BeNullOrEmpty
        $run.Seconds | Should -BeGreaterThan 25 -Because 'the emulator really delayed replication'
        $run.Seconds | Should -BeLessThan 60
        ($run.Progress -match 'replication') | Should -Not -BeNullOrEmpty
        Set-S2SEmulatorSetting -Emulator $script:Emulator -Settings @{ replicationDelaySeconds = 0 } | Out-Null
        $state = Get-EndState $name
        $state.Apps | Should -Be 1
        $state.ServicePrincipals | Should -Be 1
        $state.Passwords | Should -Be 1
        $state.RoleAssignments | Should -Be 3
    }
}
