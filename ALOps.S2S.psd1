#
# Module manifest for ALOps.S2S (source of truth).
# build.ps1 copies it into out/module/ALOps.S2S/ and stamps ModuleVersion from Directory.Build.props.
#
@{
    # One cmdlet assembly per edition; both share the engine and its dependencies in dependencies/.
    RootModule             = if ($PSEdition -eq 'Core') { 'Core/ALOps.S2S.dll' } else { 'Desktop/ALOps.S2S.dll' }

    ModuleVersion          = '0.0.0'
    GUID                   = '5b8f0c2e-3d7a-4f1e-9a64-2c1d8e7b4a90'
    Author                 = 'ALOps'
    CompanyName            = 'ALOps'
    Copyright              = '(c) ALOps. All rights reserved.'
    Description            = 'Turns an empty Microsoft Entra tenant into a verified Business Central service-to-service (S2S) identity: app registration, credential, API permissions with admin consent, Business Central registration, and a doctor that tells what is wrong and how to fix it.'

    CompatiblePSEditions   = @('Core', 'Desktop')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'

    # Never list MSAL, Graph or Core here: they load on first use into the module's private context.
    # RequiredAssemblies  = @()

    FormatsToProcess       = @('ALOps.S2S.format.ps1xml')

    # Keep explicit lists: a missing or wildcard entry forces PowerShell to analyse the module.
    CmdletsToExport        = @(
        'Connect-ALOpsS2S'
        'Disconnect-ALOpsS2S'
        'Get-ALOpsS2SConnection'
        'New-ALOpsS2SApp'
        'Grant-ALOpsS2SPermission'
        'Register-ALOpsBcClient'
        'Test-ALOpsS2S'
        'Get-ALOpsS2SApp'
        'Remove-ALOpsS2SCredential'
        'Unregister-ALOpsBcClient'
        'Remove-ALOpsS2SApp'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()

    PrivateData            = @{
        PSData = @{
            Tags         = @('BusinessCentral', 'Dynamics365', 'EntraID', 'AzureAD', 'S2S', 'ServiceToService', 'ALOps', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Mac', 'Windows')
            ProjectUri   = 'https://github.com/HodorNV/ALOps.S2S'
            LicenseUri   = 'https://github.com/HodorNV/ALOps.S2S/blob/main/LICENSE'
            ReleaseNotes = '0.1.0 preview: operator sign-in in every mode (Connect-, Disconnect-, Get-ALOpsS2SConnection); New-ALOpsS2SApp (secret, certificate, federated); Grant-ALOpsS2SPermission (admin consent through Graph); Register-ALOpsBcClient (admin center, environments, page 9860 instructions, -Wait, permission sets); Test-ALOpsS2S (checks with cause and fix); help, completion, Azure DevOps and GitHub outputs; MSAL and Microsoft Graph isolated from other modules.'
        }
    }
}
