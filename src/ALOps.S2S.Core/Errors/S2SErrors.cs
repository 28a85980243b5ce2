using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using static ALOps.S2S.Core.Errors.S2SErrorKind;

namespace ALOps.S2S.Core.Errors
{
    /// <summary>
    /// Every error id the module reports, declared once with its kind (the ErrorCategory PowerShell shows) and a
    /// one-line meaning. The doctor's diagnoses, the cmdlets, the README's troubleshooting table and the tests name
    /// ids through this catalogue; no other code spells an id.
    /// </summary>
    public static class S2SErrors
    {
        /// <summary>What every id starts with: PowerShell users filter on it (FullyQualifiedErrorId -like 'S2S.*').</summary>
        public const string Prefix = "S2S.";

        public static readonly S2SErrorId AccessTokenAudienceMismatch = new S2SErrorId(nameof(AccessTokenAudienceMismatch), InvalidArgument,
            "An access token given to connect was issued for another resource.");
        public static readonly S2SErrorId AccessTokenExpired = new S2SErrorId(nameof(AccessTokenExpired), AuthenticationError,
            "An access token given to connect has expired.");
        public static readonly S2SErrorId AccessTokenMissing = new S2SErrorId(nameof(AccessTokenMissing), InvalidArgument,
            "Connecting with access tokens was asked for, but no token was given.");
        public static readonly S2SErrorId AdminCenterNotAuthorized = new S2SErrorId(nameof(AdminCenterNotAuthorized), PermissionDenied,
            "The app holds AdminCenter.ReadWrite.All but is not listed under the admin center's Authorized Microsoft Entra apps.");
        public static readonly S2SErrorId AdminCenterRequestFailed = new S2SErrorId(nameof(AdminCenterRequestFailed), InvalidOperation,
            "The Business Central admin center could not do what was asked.");
        public static readonly S2SErrorId AdminConsentPending = new S2SErrorId(nameof(AdminConsentPending), PermissionDenied,
            "The customer tenant's admin has not consented to the app yet.");
        public static readonly S2SErrorId AdminConsentRequired = new S2SErrorId(nameof(AdminConsentRequired), PermissionDenied,
            "The permissions asked for need an administrator's consent (AADSTS90094).");
        public static readonly S2SErrorId AmbiguousCredential = new S2SErrorId(nameof(AmbiguousCredential), InvalidArgument,
            "More than one credential of the app was given.");
        public static readonly S2SErrorId AmbiguousDisplayName = new S2SErrorId(nameof(AmbiguousDisplayName), InvalidArgument,
            "More than one app registration has the display name given.");
        public static readonly S2SErrorId AppDisabledInEnvironment = new S2SErrorId(nameof(AppDisabledInEnvironment), AuthenticationError,
            "The app is registered in the environment but its user's State is Disabled.");
        public static readonly S2SErrorId AppNotFound = new S2SErrorId(nameof(AppNotFound), ObjectNotFound,
            "The tenant has no app with the client id or display name given.");
        public static readonly S2SErrorId AppNotMultiTenant = new S2SErrorId(nameof(AppNotMultiTenant), InvalidArgument,
            "The app must be multitenant to be consented in another tenant.");
        public static readonly S2SErrorId AppNotRegisteredInEnvironment = new S2SErrorId(nameof(AppNotRegisteredInEnvironment), AuthenticationError,
            "The environment rejects the app's valid token: the app is not registered (or not enabled) on its Microsoft Entra Applications page.");
        public static readonly S2SErrorId AppRegistrationNotVisible = new S2SErrorId(nameof(AppRegistrationNotVisible), PermissionDenied,
            "The connection cannot see the app registration behind a service principal of this tenant.");
        public static readonly S2SErrorId AppRejectedOnApi = new S2SErrorId(nameof(AppRejectedOnApi), AuthenticationError,
            "The environment accepts the app on one API but rejects it on the other.");
        public static readonly S2SErrorId AppUserAmbiguous = new S2SErrorId(nameof(AppUserAmbiguous), InvalidOperation,
            "More than one Business Central user may be the app's user.");
        public static readonly S2SErrorId AppUserUnknown = new S2SErrorId(nameof(AppUserUnknown), InvalidArgument,
            "The name of the app's Business Central user is not known, so -Wait cannot tell when it is removed.");
        public static readonly S2SErrorId ApplicationDisabled = new S2SErrorId(nameof(ApplicationDisabled), AuthenticationError,
            "The application or its service principal is disabled in the tenant.");
        public static readonly S2SErrorId AssertionExpired = new S2SErrorId(nameof(AssertionExpired), AuthenticationError,
            "The client assertion (federated token) is expired or not yet valid.");
        public static readonly S2SErrorId AuthorityUnreachable = new S2SErrorId(nameof(AuthorityUnreachable), ConnectionError,
            "The sign-in service (authority) could not be reached.");
        public static readonly S2SErrorId BcAdminRoleRequired = new S2SErrorId(nameof(BcAdminRoleRequired), PermissionDenied,
            "The Business Central admin center refused the signed-in identity: it needs a Business Central admin role.");
        public static readonly S2SErrorId BcConflict = new S2SErrorId(nameof(BcConflict), ResourceExists,
            "A Business Central environment refused a change because of a conflict (HTTP 409).");
        public static readonly S2SErrorId BcForbidden = new S2SErrorId(nameof(BcForbidden), PermissionDenied,
            "A Business Central environment refused a call (HTTP 403).");
        public static readonly S2SErrorId BcNotFound = new S2SErrorId(nameof(BcNotFound), ObjectNotFound,
            "A Business Central environment found nothing at the address called (HTTP 404).");
        public static readonly S2SErrorId BcRequestFailed = new S2SErrorId(nameof(BcRequestFailed), InvalidOperation,
            "A Business Central environment could not answer a call.");
        public static readonly S2SErrorId BcUnauthorized = new S2SErrorId(nameof(BcUnauthorized), AuthenticationError,
            "A Business Central environment rejected the credentials (HTTP 401).");
        public static readonly S2SErrorId BlockedByConditionalAccess = new S2SErrorId(nameof(BlockedByConditionalAccess), PermissionDenied,
            "A Conditional Access policy blocks the sign-in (AADSTS53003).");
        public static readonly S2SErrorId BusinessCentralNotInTenant = new S2SErrorId(nameof(BusinessCentralNotInTenant), ObjectNotFound,
            "The tenant has no Dynamics 365 Business Central service principal.");
        public static readonly S2SErrorId CertificateExpired = new S2SErrorId(nameof(CertificateExpired), InvalidArgument,
            "The certificate given has expired.");
        public static readonly S2SErrorId CertificateFileNotFound = new S2SErrorId(nameof(CertificateFileNotFound), ObjectNotFound,
            "The certificate file given does not exist.");
        public static readonly S2SErrorId CertificateNotFound = new S2SErrorId(nameof(CertificateNotFound), ObjectNotFound,
            "No certificate with the thumbprint given is in the certificate store.");
        public static readonly S2SErrorId CertificateNotYetValid = new S2SErrorId(nameof(CertificateNotYetValid), InvalidArgument,
            "The certificate given is not valid yet.");
        public static readonly S2SErrorId CertificateWithoutPrivateKey = new S2SErrorId(nameof(CertificateWithoutPrivateKey), InvalidArgument,
            "The certificate given has no private key, so it cannot sign in.");
        public static readonly S2SErrorId CheckFailed = new S2SErrorId(nameof(CheckFailed), InvalidOperation,
            "A check of Test-ALOpsS2S failed without a diagnosis of its own.");
        public static readonly S2SErrorId ClientNotFound = new S2SErrorId(nameof(ClientNotFound), ObjectNotFound,
            "No application with the client id exists in the tenant (AADSTS700016).");
        public static readonly S2SErrorId ClientSecretExpired = new S2SErrorId(nameof(ClientSecretExpired), AuthenticationError,
            "The client secret has expired (AADSTS7000222).");
        public static readonly S2SErrorId ConsentMissing = new S2SErrorId(nameof(ConsentMissing), PermissionDenied,
            "No user or admin has consented to the application (AADSTS65001).");
        public static readonly S2SErrorId ConsentRoleRequired = new S2SErrorId(nameof(ConsentRoleRequired), PermissionDenied,
            "The signed-in identity may not grant admin consent for application permissions.");
        public static readonly S2SErrorId CredentialExpired = new S2SErrorId(nameof(CredentialExpired), AuthenticationError,
            "The credential in use has expired.");
        public static readonly S2SErrorId CredentialExpiresSoon = new S2SErrorId(nameof(CredentialExpiresSoon), InvalidOperation,
            "The credential in use expires within the warning period.");
        public static readonly S2SErrorId CredentialRequired = new S2SErrorId(nameof(CredentialRequired), InvalidArgument,
            "Test-ALOpsS2S was given neither the app's credential nor a connection.");
        public static readonly S2SErrorId CredentialSelectorRequired = new S2SErrorId(nameof(CredentialSelectorRequired), InvalidArgument,
            "Remove-ALOpsS2SCredential was not told which credentials to remove.");
        public static readonly S2SErrorId DisplayNameInvalid = new S2SErrorId(nameof(DisplayNameInvalid), InvalidArgument,
            "The display name contains a control character.");
        public static readonly S2SErrorId DisplayNameRequired = new S2SErrorId(nameof(DisplayNameRequired), InvalidArgument,
            "Neither a display name nor a client id was given.");
        public static readonly S2SErrorId DisplayNameTooLong = new S2SErrorId(nameof(DisplayNameTooLong), InvalidArgument,
            "The display name is longer than Microsoft Entra allows.");
        public static readonly S2SErrorId EmptyClientSecret = new S2SErrorId(nameof(EmptyClientSecret), InvalidArgument,
            "The client secret given is empty.");
        public static readonly S2SErrorId EntraIssuerNeedsSingleTenantApp = new S2SErrorId(nameof(EntraIssuerNeedsSingleTenantApp), InvalidArgument,
            "The Microsoft Entra issuer for workload identity federation needs a single-tenant app (AADSTS70052).");
        public static readonly S2SErrorId EnvironmentConflict = new S2SErrorId(nameof(EnvironmentConflict), InvalidArgument,
            "Both -Environment and -AllEnvironments were given.");
        public static readonly S2SErrorId EnvironmentNotActive = new S2SErrorId(nameof(EnvironmentNotActive), InvalidOperation,
            "The environment named is not Active.");
        public static readonly S2SErrorId EnvironmentNotFound = new S2SErrorId(nameof(EnvironmentNotFound), ObjectNotFound,
            "The tenant has no Business Central environment with the name given.");
        public static readonly S2SErrorId EnvironmentRequired = new S2SErrorId(nameof(EnvironmentRequired), InvalidArgument,
            "No environment was named and -AllEnvironments was not given.");
        public static readonly S2SErrorId EnvironmentUnavailable = new S2SErrorId(nameof(EnvironmentUnavailable), ObjectNotFound,
            "The environment was not found or is not Active for the tenant.");
        public static readonly S2SErrorId ExtensionManagementMissing = new S2SErrorId(nameof(ExtensionManagementMissing), PermissionDenied,
            "The app's user lacks the EXTEN. MGT. - ADMIN permission set.");
        public static readonly S2SErrorId FederatedCredentialMismatch = new S2SErrorId(nameof(FederatedCredentialMismatch), AuthenticationError,
            "No federated identity credential on the app matches the token presented (AADSTS70021).");
        public static readonly S2SErrorId FederatedCredentialMissing = new S2SErrorId(nameof(FederatedCredentialMissing), InvalidArgument,
            "A federated credential was asked for without both an issuer and a subject.");
        public static readonly S2SErrorId FederatedCredentialNameInUse = new S2SErrorId(nameof(FederatedCredentialNameInUse), InvalidArgument,
            "The app has a federated credential of that name with another issuer or subject.");
        public static readonly S2SErrorId FederatedIssuerMismatch = new S2SErrorId(nameof(FederatedIssuerMismatch), AuthenticationError,
            "No federated identity credential on the app has the token's issuer (AADSTS700211).");
        public static readonly S2SErrorId FederatedSubjectMismatch = new S2SErrorId(nameof(FederatedSubjectMismatch), AuthenticationError,
            "No federated identity credential on the app has the token's subject (AADSTS700213).");
        public static readonly S2SErrorId FirstPartyAppNotRemovable = new S2SErrorId(nameof(FirstPartyAppNotRemovable), InvalidOperation,
            "The client id is a Microsoft app, which is never removed.");
        public static readonly S2SErrorId GitHubOutputMissing = new S2SErrorId(nameof(GitHubOutputMissing), InvalidArgument,
            "-OutputFormat GitHub was asked for outside a GitHub Actions job.");
        public static readonly S2SErrorId GrantFailed = new S2SErrorId(nameof(GrantFailed), InvalidOperation,
            "Grant-ALOpsS2SPermission failed for an unforeseen reason.");
        public static readonly S2SErrorId GraphPermissionDenied = new S2SErrorId(nameof(GraphPermissionDenied), PermissionDenied,
            "Microsoft Graph refused a call: the signed-in identity lacks a role or permission.");
        public static readonly S2SErrorId GraphRequestFailed = new S2SErrorId(nameof(GraphRequestFailed), InvalidOperation,
            "Microsoft Graph could not do what was asked.");
        public static readonly S2SErrorId InvalidAccessToken = new S2SErrorId(nameof(InvalidAccessToken), InvalidArgument,
            "An access token given to connect is not a JSON web token.");
        public static readonly S2SErrorId InvalidCertificateFile = new S2SErrorId(nameof(InvalidCertificateFile), InvalidArgument,
            "The certificate file given cannot be read as an X.509 certificate.");
        public static readonly S2SErrorId InvalidCertificateLifetime = new S2SErrorId(nameof(InvalidCertificateLifetime), InvalidArgument,
            "The certificate lifetime is outside 1 to 3650 days.");
        public static readonly S2SErrorId InvalidCertificateThumbprint = new S2SErrorId(nameof(InvalidCertificateThumbprint), InvalidArgument,
            "The thumbprint given is not 40 hexadecimal characters.");
        public static readonly S2SErrorId InvalidClientAssertion = new S2SErrorId(nameof(InvalidClientAssertion), AuthenticationError,
            "The client assertion or its certificate was not accepted (AADSTS700027, AADSTS50012).");
        public static readonly S2SErrorId InvalidClientId = new S2SErrorId(nameof(InvalidClientId), InvalidArgument,
            "The client id given is not an application (client) id.");
        public static readonly S2SErrorId InvalidClientSecret = new S2SErrorId(nameof(InvalidClientSecret), AuthenticationError,
            "The client secret is wrong (AADSTS7000215).");
        public static readonly S2SErrorId InvalidCloudEndpoint = new S2SErrorId(nameof(InvalidCloudEndpoint), InvalidArgument,
            "A cloud endpoint given is not an absolute https URL.");
        public static readonly S2SErrorId InvalidDescription = new S2SErrorId(nameof(InvalidDescription), InvalidArgument,
            "The description does not fit Business Central's 50-character field.");
        public static readonly S2SErrorId InvalidEnvironmentName = new S2SErrorId(nameof(InvalidEnvironmentName), InvalidArgument,
            "The name given is not a Business Central environment name.");
        public static readonly S2SErrorId InvalidExpiringWithinDays = new S2SErrorId(nameof(InvalidExpiringWithinDays), InvalidArgument,
            "-ExpiringWithinDays is outside 0 to 3650.");
        public static readonly S2SErrorId InvalidExpiryWarningDays = new S2SErrorId(nameof(InvalidExpiryWarningDays), InvalidArgument,
            "-ExpiryWarningDays is outside 0 to 3650.");
        public static readonly S2SErrorId InvalidFederatedCredentialName = new S2SErrorId(nameof(InvalidFederatedCredentialName), InvalidArgument,
            "The federated credential name has characters or a length Microsoft Entra refuses.");
        public static readonly S2SErrorId InvalidFederatedIssuer = new S2SErrorId(nameof(InvalidFederatedIssuer), InvalidArgument,
            "The federated issuer is not an https URL or is too long.");
        public static readonly S2SErrorId InvalidFederatedSubject = new S2SErrorId(nameof(InvalidFederatedSubject), InvalidArgument,
            "The federated subject is empty or too long.");
        public static readonly S2SErrorId InvalidGitHubRepository = new S2SErrorId(nameof(InvalidGitHubRepository), InvalidArgument,
            "The GitHub repository is not given as owner/name.");
        public static readonly S2SErrorId InvalidKeepLatest = new S2SErrorId(nameof(InvalidKeepLatest), InvalidArgument,
            "-KeepLatest is negative.");
        public static readonly S2SErrorId InvalidKeyId = new S2SErrorId(nameof(InvalidKeyId), InvalidArgument,
            "The key id given is not a credential key id.");
        public static readonly S2SErrorId InvalidPermissionSet = new S2SErrorId(nameof(InvalidPermissionSet), InvalidArgument,
            "A permission set id given is not a valid id.");
        public static readonly S2SErrorId InvalidScope = new S2SErrorId(nameof(InvalidScope), InvalidArgument,
            "The requested scope is not valid (AADSTS70011, AADSTS1002012, AADSTS700022).");
        public static readonly S2SErrorId InvalidSecretLifetime = new S2SErrorId(nameof(InvalidSecretLifetime), InvalidArgument,
            "The secret lifetime is outside 1 to 730 days.");
        public static readonly S2SErrorId InvalidTenantId = new S2SErrorId(nameof(InvalidTenantId), InvalidArgument,
            "The tenant given is neither a tenant id nor a domain.");
        public static readonly S2SErrorId InvalidUserCredentials = new S2SErrorId(nameof(InvalidUserCredentials), AuthenticationError,
            "The user name or password is wrong (AADSTS50126).");
        public static readonly S2SErrorId InvalidWaitTimeout = new S2SErrorId(nameof(InvalidWaitTimeout), InvalidArgument,
            "-Timeout is not positive.");
        public static readonly S2SErrorId InventoryFailed = new S2SErrorId(nameof(InventoryFailed), InvalidOperation,
            "Get-ALOpsS2SApp failed for an unforeseen reason.");
        public static readonly S2SErrorId LastValidCredential = new S2SErrorId(nameof(LastValidCredential), InvalidArgument,
            "The removal would leave the app without a valid credential.");
        public static readonly S2SErrorId MalformedTokenRequest = new S2SErrorId(nameof(MalformedTokenRequest), InvalidArgument,
            "The token request lacked a required parameter (AADSTS900144).");
        public static readonly S2SErrorId ManagedIdentityNotRemovable = new S2SErrorId(nameof(ManagedIdentityNotRemovable), InvalidOperation,
            "The client id is a managed identity, which Azure removes with its resource.");
        public static readonly S2SErrorId ManagedIdentityUnavailable = new S2SErrorId(nameof(ManagedIdentityUnavailable), ConnectionError,
            "No managed identity answered on this machine.");
        public static readonly S2SErrorId MfaRequired = new S2SErrorId(nameof(MfaRequired), AuthenticationError,
            "Multi-factor authentication is required (AADSTS50076).");
        public static readonly S2SErrorId MissingClientCredential = new S2SErrorId(nameof(MissingClientCredential), AuthenticationError,
            "The token request carried neither a client secret nor a client assertion (AADSTS7000218).");
        public static readonly S2SErrorId NewAppFailed = new S2SErrorId(nameof(NewAppFailed), InvalidOperation,
            "New-ALOpsS2SApp failed for an unforeseen reason.");
        public static readonly S2SErrorId NewSecretNeedsSecretCredential = new S2SErrorId(nameof(NewSecretNeedsSecretCredential), InvalidArgument,
            "-NewSecret was given with a credential type other than Secret.");
        public static readonly S2SErrorId NoAccessTokenForResource = new S2SErrorId(nameof(NoAccessTokenForResource), AuthenticationError,
            "A connection made with access tokens has none for the resource needed.");
        public static readonly S2SErrorId NoActiveEnvironment = new S2SErrorId(nameof(NoActiveEnvironment), ObjectNotFound,
            "The tenant has no Active Business Central environment.");
        public static readonly S2SErrorId NoFederatedCredential = new S2SErrorId(nameof(NoFederatedCredential), AuthenticationError,
            "The application has no federated identity credentials (AADSTS70025).");
        public static readonly S2SErrorId NotConnected = new S2SErrorId(nameof(NotConnected), AuthenticationError,
            "No connection: Connect-ALOpsS2S has not been run.");
        public static readonly S2SErrorId OperatorAppNotRemovable = new S2SErrorId(nameof(OperatorAppNotRemovable), InvalidOperation,
            "The client id is the app the connection signs in with.");
        public static readonly S2SErrorId PermissionNotGranted = new S2SErrorId(nameof(PermissionNotGranted), PermissionDenied,
            "The app's token lacks a Business Central role: admin consent was not granted.");
        public static readonly S2SErrorId PermissionSetAmbiguous = new S2SErrorId(nameof(PermissionSetAmbiguous), InvalidOperation,
            "The environment defines a permission set more than once and no single System one can be told apart.");
        public static readonly S2SErrorId PermissionSetMissing = new S2SErrorId(nameof(PermissionSetMissing), PermissionDenied,
            "The environment accepts the app but refuses a call: the app lacks a permission set.");
        public static readonly S2SErrorId PfxFileExists = new S2SErrorId(nameof(PfxFileExists), ResourceExists,
            "The PFX file to write already exists.");
        public static readonly S2SErrorId PfxPasswordRequired = new S2SErrorId(nameof(PfxPasswordRequired), InvalidArgument,
            "-PfxPath was given without -CertificatePassword.");
        public static readonly S2SErrorId PfxPathIsFolder = new S2SErrorId(nameof(PfxPathIsFolder), InvalidArgument,
            "-PfxPath names a folder.");
        public static readonly S2SErrorId PfxPathRequired = new S2SErrorId(nameof(PfxPathRequired), InvalidArgument,
            "A generated certificate needs -PfxPath on a platform without a certificate store.");
        public static readonly S2SErrorId ReauthenticationRequired = new S2SErrorId(nameof(ReauthenticationRequired), AuthenticationError,
            "The person's sign-in can no longer get a token silently.");
        public static readonly S2SErrorId RedirectUriMismatch = new S2SErrorId(nameof(RedirectUriMismatch), InvalidArgument,
            "The redirect URI does not match the app registration (AADSTS50011).");
        public static readonly S2SErrorId RegisterFailed = new S2SErrorId(nameof(RegisterFailed), InvalidOperation,
            "Register-ALOpsBcClient failed for an unforeseen reason.");
        public static readonly S2SErrorId RegistrationWaitTimedOut = new S2SErrorId(nameof(RegistrationWaitTimedOut), OperationTimeout,
            "The app was not registered in the environment within -Timeout.");
        public static readonly S2SErrorId RemoveAppFailed = new S2SErrorId(nameof(RemoveAppFailed), InvalidOperation,
            "Remove-ALOpsS2SApp failed for an unforeseen reason.");
        public static readonly S2SErrorId RemoveCredentialFailed = new S2SErrorId(nameof(RemoveCredentialFailed), InvalidOperation,
            "Remove-ALOpsS2SCredential failed for an unforeseen reason.");
        public static readonly S2SErrorId ReplicationPending = new S2SErrorId(nameof(ReplicationPending), OperationTimeout,
            "Microsoft Entra has not replicated a new app or secret yet.");
        public static readonly S2SErrorId ReplicationTimeout = new S2SErrorId(nameof(ReplicationTimeout), OperationTimeout,
            "Microsoft Entra did not show a change within the replication wait.");
        public static readonly S2SErrorId ResourceNotInTenant = new S2SErrorId(nameof(ResourceNotInTenant), ObjectNotFound,
            "The resource has no service principal in the tenant (AADSTS500011).");
        public static readonly S2SErrorId ResourceNotRequested = new S2SErrorId(nameof(ResourceNotRequested), PermissionDenied,
            "The app registration does not list the resource in its required permissions (AADSTS650057).");
        public static readonly S2SErrorId ServicePrincipalMissing = new S2SErrorId(nameof(ServicePrincipalMissing), ObjectNotFound,
            "The application has no service principal in the tenant (AADSTS7000229).");
        public static readonly S2SErrorId SignInFailed = new S2SErrorId(nameof(SignInFailed), AuthenticationError,
            "Sign-in failed for a reason without a diagnosis of its own.");
        public static readonly S2SErrorId SingleTenantAppOnCommon = new S2SErrorId(nameof(SingleTenantAppOnCommon), InvalidArgument,
            "A single-tenant app signed in on /common (AADSTS50194).");
        public static readonly S2SErrorId TenantLookupFailed = new S2SErrorId(nameof(TenantLookupFailed), ConnectionError,
            "The authority's OpenID metadata could not turn the tenant domain into its id.");
        public static readonly S2SErrorId TenantMismatch = new S2SErrorId(nameof(TenantMismatch), InvalidArgument,
            "The access token is for another tenant than the one given.");
        public static readonly S2SErrorId TenantNotFound = new S2SErrorId(nameof(TenantNotFound), ObjectNotFound,
            "The tenant does not exist in this cloud (AADSTS90002).");
        public static readonly S2SErrorId TenantNotReachable = new S2SErrorId(nameof(TenantNotReachable), PermissionDenied,
            "The connection can act only in its own tenant, not in the tenant asked for.");
        public static readonly S2SErrorId TenantRequired = new S2SErrorId(nameof(TenantRequired), InvalidArgument,
            "Test-ALOpsS2S was not told the app's tenant.");
        public static readonly S2SErrorId TestFailed = new S2SErrorId(nameof(TestFailed), InvalidOperation,
            "Test-ALOpsS2S failed for an unforeseen reason.");
        public static readonly S2SErrorId UnknownCloud = new S2SErrorId(nameof(UnknownCloud), InvalidArgument,
            "The cloud given is not one this module knows.");
        public static readonly S2SErrorId UnknownPermission = new S2SErrorId(nameof(UnknownPermission), InvalidArgument,
            "Business Central has no application permission of the name given.");
        public static readonly S2SErrorId UnknownPermissionSet = new S2SErrorId(nameof(UnknownPermissionSet), InvalidArgument,
            "The environment has no permission set with the id given.");
        public static readonly S2SErrorId UnregisterFailed = new S2SErrorId(nameof(UnregisterFailed), InvalidOperation,
            "Unregister-ALOpsBcClient failed for an unforeseen reason.");
        public static readonly S2SErrorId UnregistrationWaitTimedOut = new S2SErrorId(nameof(UnregistrationWaitTimedOut), OperationTimeout,
            "Business Central still let the app in after -Timeout.");
        public static readonly S2SErrorId UserNotFound = new S2SErrorId(nameof(UserNotFound), ObjectNotFound,
            "The signed-in account does not exist in the tenant (AADSTS50034).");
        public static readonly S2SErrorId UserNotInTenant = new S2SErrorId(nameof(UserNotInTenant), PermissionDenied,
            "The signed-in account has no access to the tenant (AADSTS50020).");
        public static readonly S2SErrorId WorkloadIdentityFederationDisabled = new S2SErrorId(nameof(WorkloadIdentityFederationDisabled), PermissionDenied,
            "Workload identity federation is constrained or disabled in the tenant (AADSTS700223, AADSTS700238).");

        /// <summary>All ids, in declaration order.</summary>
        public static IReadOnlyList<S2SErrorId> All { get; } = typeof(S2SErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(S2SErrorId)).Select(f => (S2SErrorId)f.GetValue(null)!).ToList();
    }
}
