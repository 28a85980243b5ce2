# The world both reliability files share (Reliability.Tests.ps1 and Reliability.Limits.Tests.ps1, split so that each
# runs in a Pester lane of its own): dot-source it from BeforeAll; call Close-ReliabilityWorld from AfterAll.

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

function script:Close-ReliabilityWorld {
    if ($script:Runner) { $script:Runner.Dispose() }
    Disconnect-ALOpsS2S
    Clear-S2SEmulatorCloud
    if ($script:Emulator) { Stop-S2SEmulator -Emulator $script:Emulator }
}
