#Requires -Version 7.4
<#
    The one helper module of the Pester tests (tests/Module), the demo and the benchmarks: the ALOps.S2S emulator
    (tests/ALOps.S2S.Emulator, CONTRACT.md), the test world around it (secrets, certificates and tokens made fresh for
    each run, the module pointed at the emulator as a custom cloud) and fresh pwsh processes for module-level tests.
    S2STestHelpers.ps1 and TestSetup.ps1 are the older entry points and only import this module.

    The emulator runs as a child process (`dotnet ALOps.S2S.Emulator.dll`). HTTPS calls rely on the process trusting
    the emulator CA through SSL_CERT_FILE (system bundle + ca.pem), as build.ps1 sets it up; nothing here skips
    certificate checks.

    Environment:
      ALOPS_S2S_EMULATOR_DLL     the built emulator dll (default: newest tests/ALOps.S2S.Emulator/bin/*/net10.0/ALOps.S2S.Emulator.dll)
      ALOPS_S2S_EMULATOR_CA_DIR  the shared CA directory (default: the state directory)
      ALOPS_S2S_SHARED_EMULATOR  the state directory of one emulator a whole test run shares (build/Invoke-PesterTests.ps1
                                 starts it); Start-S2STestWorld then resets and returns it instead of starting another
#>

Set-StrictMode -Version Latest

function Get-S2SEmulatorDll {
    [CmdletBinding()]
    [OutputType([string])]
    param()

    if ($env:ALOPS_S2S_EMULATOR_DLL) {
        if (-not (Test-Path -LiteralPath $env:ALOPS_S2S_EMULATOR_DLL -PathType Leaf)) {
            throw "ALOPS_S2S_EMULATOR_DLL points at '$env:ALOPS_S2S_EMULATOR_DLL', which does not exist."
        }
        return (Resolve-Path -LiteralPath $env:ALOPS_S2S_EMULATOR_DLL).ProviderPath
    }
    $binRoot = Join-Path $PSScriptRoot '..' 'ALOps.S2S.Emulator' 'bin'
    $candidates = @(Get-ChildItem -Path (Join-Path $binRoot '*' 'net10.0' 'ALOps.S2S.Emulator.dll') -ErrorAction SilentlyContinue |
            Sort-Object LastWriteTimeUtc -Descending)
    if ($candidates.Count -eq 0) {
        throw "The emulator is not built (nothing under $binRoot/*/net10.0). Run 'dotnet build tests/ALOps.S2S.Emulator' or set ALOPS_S2S_EMULATOR_DLL."
    }
    $candidates[0].FullName
}

function Start-S2SEmulator {
    <#
    .SYNOPSIS
        Starts the emulator and waits for its READY line.
    .OUTPUTS
        The content of emulator.json (pid, authorityHost, graphEndpoint, businessCentralEndpoint, controlEndpoint,
        testIssuer, managedIdentityEndpoint, managedIdentityHeader, caCertificate) plus StateDirectory and Process.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [string] $StateDirectory = (Join-Path ([IO.Path]::GetTempPath()) "alops-s2s-emulator-$([guid]::NewGuid().ToString('N'))"),
        [string] $CaDirectory = $env:ALOPS_S2S_EMULATOR_CA_DIR,
        [ValidateRange(1, 600)]
        [int] $TimeoutSeconds = 60
    )

    $dll = Get-S2SEmulatorDll
    $null = New-Item -ItemType Directory -Force -Path $StateDirectory
    $StateDirectory = (Resolve-Path -LiteralPath $StateDirectory).ProviderPath

    $startInfo = [Diagnostics.ProcessStartInfo]::new('dotnet')
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    # The emulator exits when this pipe closes, so a crashed test run leaves no emulator behind.
    $startInfo.RedirectStandardInput = $true
    foreach ($argument in @($dll, '--state-dir', $StateDirectory, '--exit-on-stdin-close')) { $startInfo.ArgumentList.Add($argument) }
    if ($CaDirectory) {
        $startInfo.ArgumentList.Add('--ca-dir')
        $startInfo.ArgumentList.Add($CaDirectory)
    }

    Write-Verbose "Starting emulator: dotnet $($startInfo.ArgumentList -join ' ')"
    $process = [Diagnostics.Process]::Start($startInfo)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $statePath = $null
    while (-not $statePath) {
        $remaining = $deadline - [DateTime]::UtcNow
        $read = $process.StandardOutput.ReadLineAsync()
        if ($remaining -le [TimeSpan]::Zero -or -not $read.Wait($remaining)) {
            Stop-S2SEmulatorProcess -Process $process
            throw "The emulator did not report READY within $TimeoutSeconds s."
        }
        $line = $read.Result
        if ($null -eq $line) {
            $process.WaitForExit()
            throw "The emulator exited with code $($process.ExitCode) before it was ready."
        }
        Write-Verbose "emulator: $line"
        if ($line -match '^EMULATOR READY (?<path>.+)$') { $statePath = $Matches.path }
    }

    $emulator = Get-Content -Raw -LiteralPath $statePath | ConvertFrom-Json
    $emulator | Add-Member -NotePropertyName StateDirectory -NotePropertyValue $StateDirectory
    $emulator | Add-Member -NotePropertyName Process -NotePropertyValue $process
    $emulator.PSObject.TypeNames.Insert(0, 'ALOps.S2S.Emulator')
    $emulator
}

function Stop-S2SEmulator {
    <#
    .SYNOPSIS
        Asks the emulator to shut down, and ends its process if it does not within the timeout.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [pscustomobject] $Emulator,
        [int] $TimeoutSeconds = 10
    )
    process {
        # The run's shared emulator outlives the test file that used it; whoever started it stops it.
        if ($Emulator.PSObject.Properties['Shared'] -and $Emulator.Shared) { return }
        if (-not $PSCmdlet.ShouldProcess("emulator pid $($Emulator.pid)", 'Stop')) { return }
        if (-not $Emulator.Process.HasExited) {
            try {
                $null = Invoke-S2SEmulatorControl -Emulator $Emulator -Method Post -Path '/control/shutdown'
            }
            catch {
                Write-Verbose "Shutdown request failed: $_"
            }
        }
        Stop-S2SEmulatorProcess -Process $Emulator.Process -TimeoutSeconds $TimeoutSeconds
    }
}

function Get-S2SSharedEmulator {
    <#
    .SYNOPSIS
        The emulator the whole test run shares (ALOPS_S2S_SHARED_EMULATOR), back to its seeded world; nothing when the
        run has none.
    .DESCRIPTION
        Reset restores the seed, default settings, no faults and an empty request log, so a test file starts from the
        same world as with an emulator of its own. Stop-S2SEmulator leaves a shared emulator running.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param()
    $stateDirectory = $env:ALOPS_S2S_SHARED_EMULATOR
    if (-not $stateDirectory) { return }
    $statePath = Join-Path $stateDirectory 'emulator.json'
    if (-not (Test-Path -LiteralPath $statePath -PathType Leaf)) {
        throw "ALOPS_S2S_SHARED_EMULATOR points at '$stateDirectory', which holds no emulator.json."
    }
    $emulator = Get-Content -Raw -LiteralPath $statePath | ConvertFrom-Json
    $emulator | Add-Member -NotePropertyName StateDirectory -NotePropertyValue $stateDirectory
    $emulator | Add-Member -NotePropertyName Process -NotePropertyValue ([Diagnostics.Process]::GetProcessById([int]$emulator.pid))
    $emulator | Add-Member -NotePropertyName Shared -NotePropertyValue $true
    $emulator.PSObject.TypeNames.Insert(0, 'ALOps.S2S.Emulator')
    Reset-S2SEmulator -Emulator $emulator
    $emulator
}

function Stop-S2SEmulatorProcess {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [Diagnostics.Process] $Process,
        [int] $TimeoutSeconds = 5
    )
    if (-not $Process.WaitForExit($TimeoutSeconds * 1000)) {
        $Process.Kill($true)
        $null = $Process.WaitForExit(5000)
    }
    $Process.Dispose()
}

function Invoke-S2SEmulatorControl {
    <#
    .SYNOPSIS
        Calls the emulator's control API (Invoke-RestMethod; the CA must be trusted through SSL_CERT_FILE).
    .EXAMPLE
        Invoke-S2SEmulatorControl -Emulator $e -Method Patch -Path /control/settings -Body @{ replicationDelaySeconds = 5 }
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Microsoft.PowerShell.Commands.WebRequestMethod] $Method = 'Get',
        [Parameter(Mandatory)] [string] $Path,
        [object] $Body
    )
    $request = @{
        Uri    = $Emulator.controlEndpoint + $Path
        Method = $Method
    }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $request.Body = $Body | ConvertTo-Json -Depth 20 -Compress
        $request.ContentType = 'application/json'
    }
    Invoke-RestMethod @request
}

function Reset-S2SEmulator {
    <#
    .SYNOPSIS
        Back to the seeded world: clears created objects, settings and the request log.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory, ValueFromPipeline)] [pscustomobject] $Emulator)
    process {
        if ($PSCmdlet.ShouldProcess("emulator pid $($Emulator.pid)", 'Reset')) {
            $null = Invoke-S2SEmulatorControl -Emulator $Emulator -Method Post -Path '/control/reset'
        }
    }
}

function Get-S2SEmulatorSeed {
    <#
    .SYNOPSIS
        The seeded world: tenants (id, domains), users and their directory roles, service principals, apps.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] [pscustomobject] $Emulator)
    process { Invoke-S2SEmulatorControl -Emulator $Emulator -Path '/control/seed' }
}

function Get-S2SEmulatorRequestLog {
    <#
    .SYNOPSIS
        Requests the emulated services received (host, method, path, query, status, clientId, grantType); never secrets.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] [pscustomobject] $Emulator,
        [ValidateSet('login', 'graph', 'bc', 'msi')]
        [string] $ServiceHost,
        [switch] $Clear
    )
    process {
        $log = @(Invoke-S2SEmulatorControl -Emulator $Emulator -Path '/control/requests') | ForEach-Object { $_ }
        if ($ServiceHost) { $log = @($log | Where-Object host -EQ $ServiceHost) }
        if ($Clear) { $null = Invoke-S2SEmulatorControl -Emulator $Emulator -Method Delete -Path '/control/requests' }
        $log
    }
}

function Measure-S2SEmulatorRequest {
    <#
    .SYNOPSIS
        Counts a request log the way the product's figures do: what went over the wire, split into reads and writes.
    .DESCRIPTION
        A $batch is one request on the wire (its operations are logged too, each naming the batch) and a read when every
        operation in it is a GET. Token requests (login, msi) are POSTs but change nothing: a write is a non-GET call to
        Graph or Business Central. WriteOperations lists every operation that changes something, inside a batch or not.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Log)
    $isInner = { $_.PSObject.Properties['batch'] -and $_.batch }
    $inner = @($Log | Where-Object $isInner)
    $sent = @($Log | Where-Object { -not (& $isInner) })
    $operations = @($Log | Where-Object { $_.host -in 'graph', 'bc' -and $_.method -ne 'GET' -and $_.path -notlike '*/$batch' })
    $writes = @($sent | Where-Object {
            $request = $_
            if ($request.PSObject.Properties['batchId'] -and $request.batchId) {
                @($operations | Where-Object { $_.PSObject.Properties['batch'] -and $_.batch -eq $request.batchId }).Count -gt 0
            }
            else { $request -in $operations }
        })
    [pscustomobject]@{
        Total           = $sent.Count
        Reads           = $sent.Count - $writes.Count
        Writes          = $writes.Count
        Batched         = $inner.Count
        WriteOperations = $operations
        ByHost          = ($sent | Group-Object host | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Count)" }) -join ', '
    }
}

function Set-S2SEmulatorSetting {
    <#
    .SYNOPSIS
        PATCH /control/settings, e.g. -Settings @{ replicationDelaySeconds = 5; deviceCodeAutoApprove = $false }.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [hashtable] $Settings
    )
    if ($PSCmdlet.ShouldProcess("emulator pid $($Emulator.pid)", 'Change settings')) {
        Invoke-S2SEmulatorControl -Emulator $Emulator -Method Patch -Path '/control/settings' -Body $Settings
    }
}

function New-S2SEmulatorApp {
    <#
    .SYNOPSIS
        Seeds an app registration and service principal directly (POST /control/tenants/{tenant}/apps).
    .OUTPUTS
        appId, objectId, servicePrincipalId. The secret is the one passed in; it never comes back.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [string] $Tenant = 'contoso.onmicrosoft.com',
        [Parameter(Mandatory)] [string] $DisplayName,
        [guid] $AppId,
        # Client secret value(s) the app accepts (test values only).
        [string[]] $SecretText,
        [datetime] $SecretEndDateTime,
        [Security.Cryptography.X509Certificates.X509Certificate2[]] $Certificate,
        [string] $FederatedIssuer,
        [string] $FederatedSubject,
        [string[]] $GraphRole,
        [string[]] $BcRole,
        # Business Central permissions listed in requiredResourceAccess: what an admin consent elsewhere grants.
        [string[]] $RequestedBcRole,
        # Web redirect URIs (the admin-consent page redirects only to one of these).
        [string[]] $RedirectUri,
        [switch] $Disabled,
        [switch] $PublicClient,
        [switch] $NoServicePrincipal,
        # AzureADMultipleOrgs: a multi-tenant app other tenants can consent to (Add-S2SEmulatorServicePrincipal).
        [ValidateSet('AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount')]
        [string] $SignInAudience
    )

    $body = [ordered]@{ displayName = $DisplayName }
    if ($PSBoundParameters.ContainsKey('AppId')) { $body.appId = $AppId.ToString() }
    if ($SecretText) {
        $body.passwordCredentials = @($SecretText | ForEach-Object {
                $credential = [ordered]@{ secretText = $_ }
                if ($PSBoundParameters.ContainsKey('SecretEndDateTime')) { $credential.endDateTime = $SecretEndDateTime.ToUniversalTime().ToString('o') }
                $credential
            })
    }
    if ($Certificate) { $body.keyCredentials = @($Certificate | ForEach-Object { @{ key = [Convert]::ToBase64String($_.RawData) } }) }
    if ($FederatedIssuer -or $FederatedSubject) {
        if (-not ($FederatedIssuer -and $FederatedSubject)) { throw 'FederatedIssuer and FederatedSubject go together.' }
        $body.federatedIdentityCredentials = @(@{ issuer = $FederatedIssuer; subject = $FederatedSubject; audiences = @('api://AzureADTokenExchange') })
    }
    if ($GraphRole) { $body.graphRoles = @($GraphRole) }
    if ($BcRole) { $body.bcRoles = @($BcRole) }
    if ($RequestedBcRole) { $body.requestedBcRoles = @($RequestedBcRole) }
    if ($RedirectUri) { $body.graphProperties = @{ web = @{ redirectUris = @($RedirectUri) } } }
    if ($Disabled) { $body.enabled = $false }
    if ($PublicClient) { $body.publicClient = $true }
    if ($NoServicePrincipal) { $body.createServicePrincipal = $false }
    if ($SignInAudience) { $body.signInAudience = $SignInAudience }

    if ($PSCmdlet.ShouldProcess("$DisplayName in $Tenant", 'Create emulator app')) {
        Invoke-S2SEmulatorControl -Emulator $Emulator -Method Post -Path "/control/tenants/$Tenant/apps" -Body $body
    }
}

function New-S2SEmulatorTestIssuerToken {
    <#
    .SYNOPSIS
        A JWT from the emulator's test issuer (issuer = $Emulator.testIssuer) for federated credential tests.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [string] $Subject,
        [string] $Audience = 'api://AzureADTokenExchange',
        [int] $LifetimeSeconds = 600
    )
    (Invoke-S2SEmulatorControl -Emulator $Emulator -Method Post -Path '/control/test-issuer/token' -Body @{
        subject = $Subject; audience = $Audience; lifetimeSeconds = $LifetimeSeconds
    }).token
}

function Get-S2SEmulatorEnvironmentPath {
    # /control/tenants/{tenant}/environments/{environment} with both segments escaped.
    param([string] $Tenant, [string] $Environment)
    "/control/tenants/$([uri]::EscapeDataString($Tenant))/environments/$([uri]::EscapeDataString($Environment))"
}

function Register-S2SEmulatorEntraApp {
    <#
    .SYNOPSIS
        The admin's step on page 9860 "Microsoft Entra Applications" of a BC environment: adds (or updates) the row
        for ClientId, creates its application user (named after Description) and assigns the permission sets.
    .OUTPUTS
        The row: clientId, description, state, userSecurityId, permissionSets.
    .EXAMPLE
        Register-S2SEmulatorEntraApp -Emulator $e -Environment Sandbox -ClientId $app.appId -Description 'ALOps' -PermissionSet 'D365 AUTOMATION', 'EXTEN. MGT. - ADMIN'
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        # Tenant GUID or domain.
        [string] $Tenant = 'contoso.onmicrosoft.com',
        [Parameter(Mandatory)] [string] $Environment,
        [Parameter(Mandatory)] [guid] $ClientId,
        [Parameter(Mandatory)] [ValidateLength(1, 50)] [string] $Description,
        # Permission set role ids (SUPER is refused, as BC refuses it for applications).
        [AllowEmptyCollection()] [string[]] $PermissionSet = @(),
        [ValidateSet('Enabled', 'Disabled')] [string] $State = 'Enabled'
    )
    if ($PSCmdlet.ShouldProcess("$ClientId in $Environment ($Tenant)", 'Register Microsoft Entra application')) {
        Invoke-S2SEmulatorControl -Emulator $Emulator -Method Post -Path "$(Get-S2SEmulatorEnvironmentPath $Tenant $Environment)/entra-apps" -Body ([ordered]@{
                clientId = $ClientId.ToString(); description = $Description; state = $State; permissionSets = @($PermissionSet)
            })
    }
}

function Get-S2SEmulatorEntraApp {
    <#
    .SYNOPSIS
        The rows of a BC environment's Microsoft Entra Applications page (all, or the one of ClientId).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [string] $Tenant = 'contoso.onmicrosoft.com',
        [Parameter(Mandatory)] [string] $Environment,
        [guid] $ClientId
    )
    $rows = @(Invoke-S2SEmulatorControl -Emulator $Emulator -Path "$(Get-S2SEmulatorEnvironmentPath $Tenant $Environment)/entra-apps") | ForEach-Object { $_ }
    if ($PSBoundParameters.ContainsKey('ClientId')) { $rows = @($rows | Where-Object clientId -EQ $ClientId.ToString()) }
    $rows
}

function Set-S2SEmulatorEntraAppState {
    <#
    .SYNOPSIS
        Enables or disables an app's row on a BC environment's Microsoft Entra Applications page (and its application user).
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [string] $Tenant = 'contoso.onmicrosoft.com',
        [Parameter(Mandatory)] [string] $Environment,
        [Parameter(Mandatory)] [guid] $ClientId,
        [Parameter(Mandatory)] [ValidateSet('Enabled', 'Disabled')] [string] $State
    )
    if ($PSCmdlet.ShouldProcess("$ClientId in $Environment ($Tenant)", "Set state $State")) {
        Invoke-S2SEmulatorControl -Emulator $Emulator -Method Patch -Path "$(Get-S2SEmulatorEnvironmentPath $Tenant $Environment)/entra-apps/$ClientId" -Body @{ state = $State }
    }
}

function Remove-S2SEmulatorEntraApp {
    <#
    .SYNOPSIS
        Deletes an app's row from a BC environment's Microsoft Entra Applications page (its application user is disabled).
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [string] $Tenant = 'contoso.onmicrosoft.com',
        [Parameter(Mandatory)] [string] $Environment,
        [Parameter(Mandatory)] [guid] $ClientId
    )
    if ($PSCmdlet.ShouldProcess("$ClientId in $Environment ($Tenant)", 'Remove Microsoft Entra application')) {
        $null = Invoke-S2SEmulatorControl -Emulator $Emulator -Method Delete -Path "$(Get-S2SEmulatorEnvironmentPath $Tenant $Environment)/entra-apps/$ClientId"
    }
}

function Remove-S2SEmulatorPermissionSet {
    <#
    .SYNOPSIS
        Removes a permission set from a registered app's application user in a BC environment.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [string] $Tenant = 'contoso.onmicrosoft.com',
        [Parameter(Mandatory)] [string] $Environment,
        [Parameter(Mandatory)] [guid] $ClientId,
        [Parameter(Mandatory)] [string] $PermissionSet
    )
    if ($PSCmdlet.ShouldProcess("$ClientId in $Environment ($Tenant)", "Remove permission set $PermissionSet")) {
        $path = "$(Get-S2SEmulatorEnvironmentPath $Tenant $Environment)/entra-apps/$ClientId/permission-sets/$([uri]::EscapeDataString($PermissionSet))"
        $null = Invoke-S2SEmulatorControl -Emulator $Emulator -Method Delete -Path $path
    }
}

function Add-S2SEmulatorAuthorizedApp {
    <#
    .SYNOPSIS
        Lists an app under "Authorized Microsoft Entra apps" in the BC admin center, without a delegated token.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [string] $Tenant = 'contoso.onmicrosoft.com',
        [Parameter(Mandatory)] [guid] $ClientId
    )
    if ($PSCmdlet.ShouldProcess("$ClientId in $Tenant", 'Authorize in the admin center')) {
        $null = Invoke-S2SEmulatorControl -Emulator $Emulator -Method Put -Path "/control/tenants/$([uri]::EscapeDataString($Tenant))/authorized-apps/$ClientId"
    }
}

function Remove-S2SEmulatorAuthorizedApp {
    <#
    .SYNOPSIS
        Removes an app from "Authorized Microsoft Entra apps" in the BC admin center (fails when it is not listed).
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [string] $Tenant = 'contoso.onmicrosoft.com',
        [Parameter(Mandatory)] [guid] $ClientId
    )
    if ($PSCmdlet.ShouldProcess("$ClientId in $Tenant", 'De-authorize in the admin center')) {
        $null = Invoke-S2SEmulatorControl -Emulator $Emulator -Method Delete -Path "/control/tenants/$([uri]::EscapeDataString($Tenant))/authorized-apps/$ClientId"
    }
}

function Set-S2SEmulatorEnvironmentStatus {
    <#
    .SYNOPSIS
        Sets a BC environment's status (Active, Upgrading, SoftDeleted, ...); APIs of an environment that is not Active answer 503.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [string] $Tenant = 'contoso.onmicrosoft.com',
        [Parameter(Mandatory)] [string] $Environment,
        [Parameter(Mandatory)]
        [ValidateSet('NotReady', 'Removing', 'Preparing', 'Active', 'Upgrading', 'CreatingFailed', 'RemovingFailed', 'SoftDeleting',
            'SoftDeletingFailed', 'SoftDeleted', 'Recovering', 'RecoveringFailed')]
        [string] $Status
    )
    if ($PSCmdlet.ShouldProcess("$Environment ($Tenant)", "Set status $Status")) {
        Invoke-S2SEmulatorControl -Emulator $Emulator -Method Patch -Path (Get-S2SEmulatorEnvironmentPath $Tenant $Environment) -Body @{ status = $Status }
    }
}

function Set-S2SEmulatorFault {
    <#
    .SYNOPSIS
        Installs faults (PUT /control/faults; replaces the installed ones): throttle (429 + Retry-After), unavailable
        (503 + Retry-After), gatewayTimeout (504), drop (connection aborted, no answer), latency (delay, then handled),
        rateLimit (a token bucket of RequestsPerSecond per host and tenant; 429 + Retry-After when it is empty).
    .EXAMPLE
        Set-S2SEmulatorFault -Emulator $e -ServiceHost graph -Kind throttle -Count 2 -RetryAfterSeconds 1
    .EXAMPLE
        Set-S2SEmulatorFault -Emulator $e -ServiceHost bc -Kind rateLimit -RequestsPerSecond 10
    .EXAMPLE
        Set-S2SEmulatorFault -Emulator $e -Fault @{ host = 'graph'; kind = 'drop'; method = 'GET'; count = 1 }, @{ host = 'bc'; kind = 'latency'; latencyMs = 2000 }
    #>
    [CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'One')]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(ParameterSetName = 'One')] [ValidateSet('login', 'graph', 'bc', 'msi', 'any')] [string] $ServiceHost = 'any',
        [Parameter(Mandatory, ParameterSetName = 'One')] [ValidateSet('throttle', 'unavailable', 'gatewayTimeout', 'drop', 'latency', 'rateLimit')] [string] $Kind,
        [Parameter(ParameterSetName = 'One')] [string] $PathContains,
        [Parameter(ParameterSetName = 'One')] [string] $Method,
        [Parameter(ParameterSetName = 'One')] [ValidateRange(1, 100000)] [int] $Count,
        [Parameter(ParameterSetName = 'One')] [double] $DurationSeconds,
        [Parameter(ParameterSetName = 'One')] [ValidateRange(0, 3600)] [int] $RetryAfterSeconds,
        [Parameter(ParameterSetName = 'One')] [ValidateRange(0, 600000)] [int] $LatencyMs,
        # rateLimit only: bucket capacity and refill per second, per (host, tenant).
        [Parameter(ParameterSetName = 'One')] [double] $RequestsPerSecond,
        [Parameter(Mandatory, ParameterSetName = 'Many')] [hashtable[]] $Fault
    )
    if ($PSCmdlet.ParameterSetName -eq 'One') {
        $one = [ordered]@{ host = $ServiceHost; kind = $Kind }
        if ($PathContains) { $one.pathContains = $PathContains }
        if ($Method) { $one.method = $Method }
        if ($PSBoundParameters.ContainsKey('Count')) { $one.count = $Count }
        if ($PSBoundParameters.ContainsKey('DurationSeconds')) { $one.durationSeconds = $DurationSeconds }
        if ($PSBoundParameters.ContainsKey('RetryAfterSeconds')) { $one.retryAfterSeconds = $RetryAfterSeconds }
        if ($PSBoundParameters.ContainsKey('LatencyMs')) { $one.latencyMs = $LatencyMs }
        if ($PSBoundParameters.ContainsKey('RequestsPerSecond')) { $one.requestsPerSecond = $RequestsPerSecond }
        $Fault = @($one)
    }
    if ($PSCmdlet.ShouldProcess("emulator pid $($Emulator.pid)", 'Install faults')) {
        Invoke-S2SEmulatorControl -Emulator $Emulator -Method Put -Path '/control/faults' -Body @($Fault) | ForEach-Object { $_ }
    }
}

function Get-S2SEmulatorFault {
    <#
    .SYNOPSIS
        The faults still installed (GET /control/faults): host, pathContains, method, kind, count (hits left), hits, expiresAt, ...
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [pscustomobject] $Emulator)
    Invoke-S2SEmulatorControl -Emulator $Emulator -Path '/control/faults' | ForEach-Object { $_ }
}

function Clear-S2SEmulatorFault {
    <#
    .SYNOPSIS
        Removes every installed fault (DELETE /control/faults).
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)] [pscustomobject] $Emulator)
    if ($PSCmdlet.ShouldProcess("emulator pid $($Emulator.pid)", 'Clear faults')) {
        $null = Invoke-S2SEmulatorControl -Emulator $Emulator -Method Delete -Path '/control/faults'
    }
}

function New-S2SEmulatorTenant {
    <#
    .SYNOPSIS
        Creates a customer tenant made like contoso (POST /control/tenants): users admin@, appdev@, bcadmin@, user@,
        the Graph and BC service principals, the well-known public client pre-authorized, BC environments, and
        optionally delegated admins (users of other tenants acting there through a GDAP-like relationship).
    .PARAMETER DelegatedAdmin
        User principal names (acting as Global and BC Administrator), or hashtables @{ userPrincipalName; roles =
        'Dynamics 365 Business Central Administrator', 'Application Administrator', ... } for a relationship with other roles.
    .PARAMETER Environment
        Environment names (type Production unless -EnvironmentType says otherwise), or hashtables
        @{ name; type = 'Production'|'Sandbox'; status }. Default: Production and Sandbox.
    .OUTPUTS
        The tenant as GET /control/seed lists it (id, displayName, initialDomain, users, servicePrincipals, environments, ...).
    .EXAMPLE
        New-S2SEmulatorTenant -Emulator $e -InitialDomain customer01.onmicrosoft.com -Environment (1..10 | ForEach-Object { 'Env{0:00}' -f $_ }) -DelegatedAdmin admin@contoso.onmicrosoft.com
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [string] $InitialDomain,
        [string] $DisplayName,
        [object[]] $Environment,
        [ValidateSet('Production', 'Sandbox')] [string] $EnvironmentType = 'Production',
        [object[]] $DelegatedAdmin,
        [switch] $NoBusinessCentral
    )
    $body = [ordered]@{ initialDomain = $InitialDomain }
    if ($DisplayName) { $body.displayName = $DisplayName }
    if ($NoBusinessCentral) { $body.businessCentral = $false }
    if ($PSBoundParameters.ContainsKey('Environment')) {
        $body.environments = @($Environment | ForEach-Object {
                if ($_ -is [System.Collections.IDictionary]) { $_ } else { [ordered]@{ name = [string]$_; type = $EnvironmentType } }
            })
    }
    if ($DelegatedAdmin) { $body.delegatedAdmins = @($DelegatedAdmin) }
    if ($PSCmdlet.ShouldProcess($InitialDomain, 'Create emulator tenant')) {
        Invoke-S2SEmulatorControl -Emulator $Emulator -Method Post -Path '/control/tenants' -Body $body
    }
}

function Add-S2SEmulatorServicePrincipal {
    <#
    .SYNOPSIS
        Admin consent of a multi-tenant app (registered in another tenant, e.g. New-S2SEmulatorApp -SignInAudience
        AzureADMultipleOrgs) into Tenant: creates its service principal there and grants the Business Central app roles.
        Afterwards client credentials at /{Tenant}/oauth2/v2.0/token with the app's secret or certificate work.
    .OUTPUTS
        id (the service principal in Tenant), appId, appRoles.
    .EXAMPLE
        Add-S2SEmulatorServicePrincipal -Emulator $e -Tenant customer01.onmicrosoft.com -AppId $app.appId -AppRole API.ReadWrite.All, Automation.ReadWrite.All
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [string] $Tenant,
        [Parameter(Mandatory)] [guid] $AppId,
        [string[]] $AppRole
    )
    $body = [ordered]@{ appId = $AppId.ToString() }
    if ($AppRole) { $body.appRoles = @($AppRole) }
    if ($PSCmdlet.ShouldProcess("$AppId in $Tenant", 'Create service principal (admin consent)')) {
        Invoke-S2SEmulatorControl -Emulator $Emulator -Method Post -Path "/control/tenants/$([uri]::EscapeDataString($Tenant))/service-principals" -Body $body
    }
}

function Approve-S2SEmulatorAdminConsent {
    <#
    .SYNOPSIS
        The customer's admin accepts on the admin-consent page (POST /control/tenants/{tenant}/admin-consent): the app's
        service principal in Tenant and every application permission its requiredResourceAccess lists, granted there.
    .PARAMETER User
        Who accepts: a user or delegated admin of Tenant (default: the setting adminConsentUser, else admin@<tenant>).
    .OUTPUTS
        servicePrincipalId, appId, appRoles (granted there now).
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [pscustomobject] $Emulator,
        [Parameter(Mandatory)] [string] $Tenant,
        [Parameter(Mandatory)] [guid] $ClientId,
        [string] $User,
        [string] $Scope
    )
    $body = [ordered]@{ clientId = $ClientId.ToString() }
    if ($User) { $body.user = $User }
    if ($Scope) { $body.scope = $Scope }
    if ($PSCmdlet.ShouldProcess("$ClientId in $Tenant", 'Accept admin consent')) {
        Invoke-S2SEmulatorControl -Emulator $Emulator -Method Post -Path "/control/tenants/$([uri]::EscapeDataString($Tenant))/admin-consent" -Body $body
    }
}

#region the test world around the emulator

function Copy-S2SCallerPreference {
    # A module function does not see its caller's preference variables ($DebugPreference, ...); the helpers below that
    # run other commands for the caller take them over, as they did when they were dot-sourced into the test file.
    param([Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Cmdlet)
    foreach ($name in 'DebugPreference', 'VerbosePreference', 'InformationPreference', 'WarningPreference', 'ProgressPreference', 'ErrorActionPreference') {
        Set-Variable -Scope 1 -Name $name -Value $Cmdlet.SessionState.PSVariable.GetValue($name)
    }
}

function New-TestSecret {
    # Shaped like an Entra secret value (with '~'), random per run so a leak scan can look for it.
    $bytes = [byte[]]::new(30)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
    'T3st~' + ([Convert]::ToBase64String($bytes) -replace '[+/=]', 'x')
}

function New-TestCertificate {
    param([switch] $WithoutPrivateKey, [switch] $Expired, [int] $ValidDays = 30)
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new(
        "CN=ALOps S2S test $([guid]::NewGuid())", $rsa,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $notBefore, $notAfter = if ($Expired) { [DateTimeOffset]::UtcNow.AddDays(-30), [DateTimeOffset]::UtcNow.AddDays(-1) }
                            else { [DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset]::UtcNow.AddDays($ValidDays) }
    $cert = $request.CreateSelfSigned($notBefore, $notAfter)
    if ($WithoutPrivateKey) {
        return [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($cert.RawData)
    }
    # Round-trip through PKCS#12 so the key is usable by every platform's store and by MSAL.
    $password = New-TestSecret
    $pfx = $cert.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $password)
    [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($pfx, $password,
        [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::Exportable -bor [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::PersistKeySet)
}

function Get-TestAppToken {
    # A client-credentials token fetched directly from the emulator's token endpoint, as `az` would hand one over.
    [CmdletBinding()]
    param($Emulator, [string] $Tenant, [string] $ClientId, [string] $Secret, [string] $Resource)
    Copy-S2SCallerPreference $PSCmdlet
    $body = @{ client_id = $ClientId; client_secret = $Secret; grant_type = 'client_credentials'; scope = "$Resource/.default" }
    (Invoke-RestMethod -Method Post -Uri "$($Emulator.authorityHost)/$Tenant/oauth2/v2.0/token" -Body $body -ContentType 'application/x-www-form-urlencoded').access_token
}

function Use-S2SEmulatorCloud {
    param($Emulator)
    $env:ALOPS_S2S_AUTHORITY_HOST = $Emulator.authorityHost
    $env:ALOPS_S2S_GRAPH_ENDPOINT = $Emulator.graphEndpoint
    $env:ALOPS_S2S_BC_ENDPOINT = $Emulator.businessCentralEndpoint
}

function Clear-S2SEmulatorCloud {
    Remove-Item Env:ALOPS_S2S_AUTHORITY_HOST, Env:ALOPS_S2S_GRAPH_ENDPOINT, Env:ALOPS_S2S_BC_ENDPOINT -ErrorAction SilentlyContinue
}

function Start-S2STestWorld {
    # The run's shared emulator, reset (or, when the run has none, an emulator of its own in StateDirectory), set as
    # the module's cloud; returns it and the contoso tenant id. Stop-S2SEmulator leaves a shared one running.
    param([Parameter(Mandatory)] [string] $StateDirectory)
    $emulator = Get-S2SSharedEmulator
    if (-not $emulator) { $emulator = Start-S2SEmulator -StateDirectory $StateDirectory }
    Use-S2SEmulatorCloud -Emulator $emulator
    $tenantId = (Get-S2SEmulatorSeed -Emulator $emulator).tenants.Where({ $_.domains -contains 'contoso.onmicrosoft.com' })[0].id
    [pscustomobject]@{ Emulator = $emulator; TenantId = $tenantId }
}

function Connect-S2STestPerson {
    # Signs a seeded user of contoso in (device code, approved by the emulator) as the operator.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [string] $User = 'admin@contoso.onmicrosoft.com')
    Copy-S2SCallerPreference $PSCmdlet
    Set-S2SEmulatorSetting -Emulator $Emulator -Settings @{ deviceCodeUser = $User } | Out-Null
    Connect-ALOpsS2S -TenantId 'contoso.onmicrosoft.com' -UseDeviceCode -WarningAction SilentlyContinue
}

function Get-S2STestWrites {
    # The write operations the emulated services received since the request log was last cleared (a $batch of reads is
    # a read; each operation inside a batch counts with its own method).
    param([Parameter(Mandatory)] $Emulator, [string[]] $ServiceHost = @('graph', 'bc'))
    @((Measure-S2SEmulatorRequest -Log @(Get-S2SEmulatorRequestLog -Emulator $Emulator)).WriteOperations | Where-Object host -In $ServiceHost)
}

#endregion

#region fresh processes and built assemblies

function Get-S2SMaxOverlap {
    # The most requests in flight at once, from each logged request's start (startedAt) and end (time).
    param([object[]] $Entries)
    $events = foreach ($entry in $Entries) {
        [pscustomobject]@{ At = ([datetimeoffset]$entry.startedAt).UtcTicks; Delta = 1 }
        [pscustomobject]@{ At = ([datetimeoffset]$entry.time).UtcTicks; Delta = -1 }
    }
    $current = 0; $max = 0
    foreach ($event in $events | Sort-Object At, Delta) {
        $current += $event.Delta
        if ($current -gt $max) { $max = $current }
    }
    $max
}

function Get-S2SPwshCommand {
    # The pwsh that runs these tests, started directly (not through `dotnet pwsh`, whose host path is dotnet).
    $exe = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    if (Test-Path -LiteralPath $exe) {
        return @{ FilePath = $exe; Prefix = @() }
    }
    return @{ FilePath = 'dotnet'; Prefix = @((Join-Path $PSHOME 'pwsh.dll')) }
}

function Invoke-S2SChildPwsh {
    <#
    Runs $Script in a fresh `pwsh -NoProfile -NonInteractive` and returns
    @{ ExitCode; Output (all lines); Result (the object the script returned, via JSON); Error (message if it threw) }.
    $Environment adds variables for the child only. The script's last output object is the result. A child that
    runs longer than $TimeoutSeconds is killed (with its children) and reported as an error.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 180
    )
    $marker = '##S2S-RESULT##'
    $wrapped = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
try {
    `$__result = & {
$Script
    } | Select-Object -Last 1
    '$marker' + (ConvertTo-Json -InputObject @{ result = `$__result } -Depth 8 -Compress)
    exit 0
}
catch {
    '$marker' + (ConvertTo-Json -InputObject @{ error = (`$_ | Out-String) + (`$_.ScriptStackTrace) } -Depth 3 -Compress)
    exit 1
}
"@
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($wrapped))
    $pwsh = Get-S2SPwshCommand
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
    foreach ($argument in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)) {
        $startInfo.ArgumentList.Add($argument)
    }
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.RedirectStandardInput = $true
    foreach ($key in $Environment.Keys) { $startInfo.Environment[$key] = [string]$Environment[$key] }

    $process = [System.Diagnostics.Process]::Start($startInfo)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $timedOut = -not $process.WaitForExit($TimeoutSeconds * 1000)
        if ($timedOut) {
            $process.Kill($true)
            $process.WaitForExit()
        }
        $process.WaitForExit() # flush the asynchronous reads
        $lines = @(($stdout.GetAwaiter().GetResult() + $stderr.GetAwaiter().GetResult()) -split '\r?\n' | Where-Object { $_ -ne '' })
        $exitCode = $process.ExitCode
    }
    finally {
        $process.Dispose()
    }
    $payload = $lines | Where-Object { $_.StartsWith($marker) } | Select-Object -Last 1
    $parsed = if ($payload) { $payload.Substring($marker.Length) | ConvertFrom-Json } else { $null }
    $errorText = if ($timedOut) { "timed out after $TimeoutSeconds s; output:`n$($lines -join "`n")" }
    elseif ($parsed -and $parsed.PSObject.Properties['error']) { $parsed.error }
    elseif (-not $payload) { "no result (exit code $exitCode); output:`n$($lines -join "`n")" }
    else { $null }
    [pscustomobject]@{
        ExitCode = $exitCode
        Output   = $lines
        Result   = if ($parsed -and $parsed.PSObject.Properties['result']) { $parsed.result } else { $null }
        Error    = $errorText
    }
}

function Read-S2SMetadata {
    # Runs $Read with a metadata reader of a DLL, without loading it.
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [scriptblock] $Read)
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        try { & $Read ([System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)) }
        finally { $pe.Dispose() }
    }
    finally { $stream.Dispose() }
}

function Get-S2SAssemblyReferences {
    # Names of the assemblies a DLL references.
    param([Parameter(Mandatory)] [string] $Path)
    Read-S2SMetadata -Path $Path -Read {
        param($reader)
        foreach ($handle in $reader.AssemblyReferences) { $reader.GetString($reader.GetAssemblyReference($handle).Name) }
    }
}

function Get-S2STypeNames {
    # Full names of the types a DLL defines.
    param([Parameter(Mandatory)] [string] $Path)
    Read-S2SMetadata -Path $Path -Read {
        param($reader)
        foreach ($handle in $reader.TypeDefinitions) {
            $type = $reader.GetTypeDefinition($handle)
            $namespace = $reader.GetString($type.Namespace)
            if ($namespace) { '{0}.{1}' -f $namespace, $reader.GetString($type.Name) } else { $reader.GetString($type.Name) }
        }
    }
}

function Stop-S2SPowerShell {
    # Stops a running PowerShell instance as Ctrl+C would; returns the seconds Stop() took to return.
    param([Parameter(Mandatory)] [powershell] $PowerShell)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $PowerShell.Stop()
    $watch.Stop()
    $watch.Elapsed.TotalSeconds
}

function Get-S2STargetFramework {
    # The TargetFrameworkAttribute value of a DLL (e.g. '.NETCoreApp,Version=v8.0'), read without loading it.
    param([Parameter(Mandatory)] [string] $Path)
    $text = [System.Text.Encoding]::UTF8.GetString([System.IO.File]::ReadAllBytes($Path))
    $match = [regex]::Match($text, '\.NET(CoreApp|Framework|Standard),Version=v[0-9.]+')
    if ($match.Success) { $match.Value } else { $null }
}

#endregion

Export-ModuleMember -Function Stop-S2SPowerShell, Start-S2SEmulator, Get-S2SSharedEmulator, Stop-S2SEmulator, Invoke-S2SEmulatorControl, Reset-S2SEmulator,
    Get-S2SEmulatorSeed, Get-S2SEmulatorRequestLog, Measure-S2SEmulatorRequest, Set-S2SEmulatorSetting, New-S2SEmulatorApp, New-S2SEmulatorTestIssuerToken,
    Get-S2SEmulatorDll, Register-S2SEmulatorEntraApp, Get-S2SEmulatorEntraApp, Set-S2SEmulatorEntraAppState, Remove-S2SEmulatorEntraApp,
    Remove-S2SEmulatorPermissionSet, Add-S2SEmulatorAuthorizedApp, Remove-S2SEmulatorAuthorizedApp, Set-S2SEmulatorEnvironmentStatus,
    Set-S2SEmulatorFault, Get-S2SEmulatorFault, Clear-S2SEmulatorFault, New-S2SEmulatorTenant, Add-S2SEmulatorServicePrincipal, Approve-S2SEmulatorAdminConsent,
    New-TestSecret, New-TestCertificate, Get-TestAppToken, Use-S2SEmulatorCloud, Clear-S2SEmulatorCloud, Start-S2STestWorld, Connect-S2STestPerson, Get-S2STestWrites, Get-S2SMaxOverlap, Get-S2SPwshCommand, Invoke-S2SChildPwsh, Get-S2SAssemblyReferences, Get-S2STypeNames, Get-S2STargetFramework
