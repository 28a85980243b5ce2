# The test fixtures (New-TestSecret, New-TestCertificate, Start-S2STestWorld, ...) live in EmulatorHelpers.psm1, the one
# helper module; dot-sourcing this file imports it, for scripts written before the helpers were merged.
Import-Module (Join-Path $PSScriptRoot 'EmulatorHelpers.psm1')
