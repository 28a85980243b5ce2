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
    their own Describe blocks in Reliability.Limits.Tests.ps1; both files share Reliability.Setup.ps1.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'Reliability.Setup.ps1')
}

AfterAll { Close-ReliabilityWorld }

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
