using System.Collections.Generic;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.Diagnostics
{
    /// <summary>
    /// Failures that only a combination of facts explains (a valid token with the right roles, yet a 401 from an
    /// environment), and the Business Central, Admin Center and credential failures, each with a cause and a fix.
    /// </summary>
    public static class SymptomCatalogue
    {
        public static Diagnosis AppNotRegisteredInEnvironment(string environment, string clientId, string pageUrl)
            => new Diagnosis("Authentication_InvalidCredentials", S2SErrors.AppNotRegisteredInEnvironment,
                $"The app's token is valid and holds the needed roles, but environment '{environment}' rejects it: the app is not registered on the environment's Microsoft Entra Applications page, or its State is not Enabled.",
                $"Register-ALOpsBcClient -ClientId {clientId} -Environment {environment} tells what to enter on page 9860 ({pageUrl}); if the app is listed there, set State = Enabled.");

        public static Diagnosis AppDisabledInEnvironment(string environment, string userName, string pageUrl)
            => new Diagnosis("Authentication_InvalidCredentials", S2SErrors.AppDisabledInEnvironment,
                $"The app is registered in environment '{environment}' but disabled: its application user '{userName}' has State Disabled, so the environment rejects its token.",
                $"Open page 9860 ({pageUrl}), open the app's card and set State = Enabled.");

        public static Diagnosis AppNotRegisteredNamed(string environment, string description, string clientId, string pageUrl)
            => new Diagnosis("Authentication_InvalidCredentials", S2SErrors.AppNotRegisteredInEnvironment,
                $"Environment '{environment}' rejects the app's token and has no application user named '{description}': the app is not registered on its Microsoft Entra Applications page (or under another Description).",
                $"Register-ALOpsBcClient -ClientId {clientId} -Environment {environment} tells what to enter on page 9860 ({pageUrl}); if the app is listed there under another Description, set State = Enabled.");

        public static Diagnosis AppRejectedOnOneApi(string environment, string rejectedApi, string acceptedApi, string role, string clientId)
            => new Diagnosis("Authentication_InvalidCredentials", S2SErrors.AppRejectedOnApi,
                $"Environment '{environment}' accepts the app on the {acceptedApi} but rejects it on the {rejectedApi}: the app is registered and enabled, but the environment does not accept its {role} role (a token issued before consent, or consent given to another app).",
                $"Grant-ALOpsS2SPermission -ClientId {clientId} -Permission {role}, wait a few minutes, then run Test-ALOpsS2S again.");

        public static Diagnosis PermissionNotGranted(string permission, string clientId)
            => new Diagnosis("RoleMissing", S2SErrors.PermissionNotGranted,
                $"The app's token has no {permission} role: admin consent for that Business Central permission was not granted (or was removed).",
                $"Grant-ALOpsS2SPermission -ClientId {clientId} -Permission {permission}");

        public static Diagnosis PermissionSetMissing(string environment, string api, string permissionSets, string pageUrl)
            => new Diagnosis("Authorization_RequestDenied", S2SErrors.PermissionSetMissing,
                $"Environment '{environment}' accepts the app but refuses its {api} call: the app lacks a permission set ({permissionSets}).",
                $"Register-ALOpsBcClient -Environment {environment} assigns the missing sets (default: D365 AUTOMATION, EXTEN. MGT. - ADMIN), or add {permissionSets} on the app's card on page 9860 ({pageUrl}).");

        public static Diagnosis ExtensionManagementMissing(string environment, string pageUrl)
            => new Diagnosis("PermissionSetNotHeld", S2SErrors.ExtensionManagementMissing,
                $"The app can call environment '{environment}' and list extensions (D365 AUTOMATION allows that) but may not install or uninstall them: its user lacks the EXTEN. MGT. - ADMIN permission set (ALOps issue 763: the admin center alone is not enough).",
                $"Register-ALOpsBcClient -Environment {environment} -PermissionSet 'D365 AUTOMATION','EXTEN. MGT. - ADMIN', or add EXTEN. MGT. - ADMIN on page 9860 ({pageUrl}).");

        public static Diagnosis AdminCenterNotAuthorized(string clientId, string tenantId)
            => new Diagnosis("Forbidden", S2SErrors.AdminCenterNotAuthorized,
                "The app holds AdminCenter.ReadWrite.All but the Business Central admin center refuses it: it is not listed under Authorized Microsoft Entra apps.",
                $"Register-ALOpsBcClient -ClientId {clientId} (signed in as a person) authorizes it, or add it in the admin center: https://businesscentral.dynamics.com/{tenantId}/admin > Authorized Microsoft Entra apps.");

        public static Diagnosis CredentialExpiresSoon(int days, string clientId)
            => new Diagnosis("CredentialExpiresSoon", S2SErrors.CredentialExpiresSoon,
                $"The credential in use expires in {days} day(s).",
                $"Rotate it now: New-ALOpsS2SApp -ClientId {clientId} -NewSecret, update the pipeline's secret variable, then remove the old secret.");

        public static Diagnosis CredentialExpired(string clientId)
            => new Diagnosis("CredentialExpired", S2SErrors.CredentialExpired,
                "The credential in use has expired.",
                $"New-ALOpsS2SApp -ClientId {clientId} -NewSecret (or a new certificate), then update the pipeline.");

        public static Diagnosis EnvironmentUnavailable(string environment, string code)
            => new Diagnosis(code, S2SErrors.EnvironmentUnavailable,
                $"Environment '{environment}' was not found or is not Active for this tenant.",
                "Check the environment name (Business Central admin center > Environments) and the tenant id.");

        public static Diagnosis ReplicationPending(string code)
            => new Diagnosis(code, S2SErrors.ReplicationPending,
                "The app or its secret was created moments ago and Microsoft Entra has not replicated it yet.",
                "Wait a few minutes and run Test-ALOpsS2S again.");

        /// <summary>Generic forms of every entry, for documentation (the troubleshooting table).</summary>
        public static IReadOnlyList<Diagnosis> All => new[]
        {
            AppNotRegisteredInEnvironment("<environment>", "<client id>", "<page 9860 URL>"),
            AppDisabledInEnvironment("<environment>", "<user name>", "<page 9860 URL>"),
            AppRejectedOnOneApi("<environment>", "standard API", "automation API", "API.ReadWrite.All", "<client id>"),
            PermissionNotGranted("<permission>", "<client id>"),
            PermissionSetMissing("<environment>", "<API>", "D365 AUTOMATION", "<page 9860 URL>"),
            ExtensionManagementMissing("<environment>", "<page 9860 URL>"),
            AdminCenterNotAuthorized("<client id>", "<tenant id>"),
            CredentialExpiresSoon(30, "<client id>"),
            CredentialExpired("<client id>"),
            EnvironmentUnavailable("<environment>", "Internal_EnvironmentNotFound"),
            ReplicationPending("AADSTS700016"),
        };
    }
}
