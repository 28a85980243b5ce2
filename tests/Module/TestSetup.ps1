# Shared setup for the module-level Pester tests: the built manifest and the helper module (Invoke-S2SChildPwsh,
# Get-S2SAssemblyReferences, ... live in EmulatorHelpers.psm1). Dot-source it from a BeforeAll block.

# The built manifest: build.ps1 -Task Test sets ALOPS_S2S_MODULE_PATH; a developer running Invoke-Pester by
# hand after `build.ps1 -Task Build` gets the default build output.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$script:ModulePath = if ($env:ALOPS_S2S_MODULE_PATH) { $env:ALOPS_S2S_MODULE_PATH } else { Join-Path $script:RepoRoot 'out/module/ALOps.S2S/ALOps.S2S.psd1' }
$script:ModuleRoot = Split-Path -Parent $script:ModulePath
Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1')
