using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace ALOps.S2S.Core.Errors
{
    /// <summary>
    /// Every error id the module reports, declared once. The doctor's diagnoses, the cmdlets, the README's
    /// troubleshooting table and the tests name ids through this catalogue; no other code spells an id.
    /// </summary>
    public static class S2SErrors
    {
        /// <summary>What every id starts with: PowerShell users filter on it (FullyQualifiedErrorId -like 'S2S.*').</summary>
        public const string Prefix = "S2S.";

        public static readonly S2SErrorId AccessTokenAudienceMismatch = new S2SErrorId(nameof(AccessTokenAudienceMismatch));
        public static readonly S2SErrorId AccessTokenExpired = new S2SErrorId(nameof(AccessTokenExpired));
        public static readonly S2SErrorId AccessTokenMissing = new S2SErrorId(nameof(AccessTokenMissing));
        public static readonly S2SErrorId AdminCenterNotAuthorized = new S2SErrorId(nameof(AdminCenterNotAuthorized));
        public static readonly S2SErrorId AdminCenterRequestFailed = new S2SErrorId(nameof(AdminCenterRequestFailed));
        public static readonly S2SErrorId AdminConsentPending = new S2SErrorId(nameof(AdminConsentPending));
        public static readonly S2SErrorId AdminConsentRequired = new S2SErrorId(nameof(AdminConsentRequired));
        public static readonly S2SErrorId AmbiguousCredential = new S2SErrorId(nameof(AmbiguousCredential));
        public static readonly S2SErrorId AmbiguousDisplayName = new S2SErrorId(nameof(AmbiguousDisplayName));
        public static readonly S2SErrorId AppDisabledInEnvironment = new S2SErrorId(nameof(AppDisabledInEnvironment));
        public static readonly S2SErrorId AppNotFound = new S2SErrorId(nameof(AppNotFound));
        public static readonly S2SErrorId AppNotMultiTenant = new S2SErrorId(nameof(AppNotMultiTenant));
        public static readonly S2SErrorId AppNotRegisteredInEnvironment = new S2SErrorId(nameof(AppNotRegisteredInEnvironment));
        public static readonly S2SErrorId AppRegistrationNotVisible = new S2SErrorId(nameof(AppRegistrationNotVisible));
        public static readonly S2SErrorId AppRejectedOnApi = new S2SErrorId(nameof(AppRejectedOnApi));
        public static readonly S2SErrorId AppUserAmbiguous = new S2SErrorId(nameof(AppUserAmbiguous));
        public static readonly S2SErrorId AppUserUnknown = new S2SErrorId(nameof(AppUserUnknown));
        public static readonly S2SErrorId ApplicationDisabled = new S2SErrorId(nameof(ApplicationDisabled));
        public static readonly S2SErrorId AssertionExpired = new S2SErrorId(nameof(AssertionExpired));
        public static readonly S2SErrorId AuthorityUnreachable = new S2SErrorId(nameof(AuthorityUnreachable));
        public static readonly S2SErrorId BcAdminRoleRequired = new S2SErrorId(nameof(BcAdminRoleRequired));
        public static readonly S2SErrorId BcConflict = new S2SErrorId(nameof(BcConflict));
        public static readonly S2SErrorId BcForbidden = new S2SErrorId(nameof(BcForbidden));
        public static readonly S2SErrorId BcNotFound = new S2SErrorId(nameof(BcNotFound));
        public static readonly S2SErrorId BcRequestFailed = new S2SErrorId(nameof(BcRequestFailed));
        public static readonly S2SErrorId BcUnauthorized = new S2SErrorId(nameof(BcUnauthorized));
        public static readonly S2SErrorId BlockedByConditionalAccess = new S2SErrorId(nameof(BlockedByConditionalAccess));
        public static readonly S2SErrorId BusinessCentralNotInTenant = new S2SErrorId(nameof(BusinessCentralNotInTenant));
        public static readonly S2SErrorId CertificateExpired = new S2SErrorId(nameof(CertificateExpired));
        public static readonly S2SErrorId CertificateFileNotFound = new S2SErrorId(nameof(CertificateFileNotFound));
        public static readonly S2SErrorId CertificateNotFound = new S2SErrorId(nameof(CertificateNotFound));
        public static readonly S2SErrorId CertificateNotYetValid = new S2SErrorId(nameof(CertificateNotYetValid));
        public static readonly S2SErrorId CertificateWithoutPrivateKey = new S2SErrorId(nameof(CertificateWithoutPrivateKey));
        public static readonly S2SErrorId CheckFailed = new S2SErrorId(nameof(CheckFailed));
        public static readonly S2SErrorId ClientNotFound = new S2SErrorId(nameof(ClientNotFound));
        public static readonly S2SErrorId ClientSecretExpired = new S2SErrorId(nameof(ClientSecretExpired));
        public static readonly S2SErrorId ConsentMissing = new S2SErrorId(nameof(ConsentMissing));
        public static readonly S2SErrorId ConsentRoleRequired = new S2SErrorId(nameof(ConsentRoleRequired));
        public static readonly S2SErrorId CredentialExpired = new S2SErrorId(nameof(CredentialExpired));
        public static readonly S2SErrorId CredentialExpiresSoon = new S2SErrorId(nameof(CredentialExpiresSoon));
        public static readonly S2SErrorId CredentialRequired = new S2SErrorId(nameof(CredentialRequired));
        public static readonly S2SErrorId CredentialSelectorRequired = new S2SErrorId(nameof(CredentialSelectorRequired));
        public static readonly S2SErrorId DisplayNameInvalid = new S2SErrorId(nameof(DisplayNameInvalid));
        public static readonly S2SErrorId DisplayNameRequired = new S2SErrorId(nameof(DisplayNameRequired));
        public static readonly S2SErrorId DisplayNameTooLong = new S2SErrorId(nameof(DisplayNameTooLong));
        public static readonly S2SErrorId EmptyClientSecret = new S2SErrorId(nameof(EmptyClientSecret));
        public static readonly S2SErrorId EntraIssuerNeedsSingleTenantApp = new S2SErrorId(nameof(EntraIssuerNeedsSingleTenantApp));
        public static readonly S2SErrorId EnvironmentConflict = new S2SErrorId(nameof(EnvironmentConflict));
        public static readonly S2SErrorId EnvironmentNotActive = new S2SErrorId(nameof(EnvironmentNotActive));
        public static readonly S2SErrorId EnvironmentNotFound = new S2SErrorId(nameof(EnvironmentNotFound));
        public static readonly S2SErrorId EnvironmentRequired = new S2SErrorId(nameof(EnvironmentRequired));
        public static readonly S2SErrorId EnvironmentUnavailable = new S2SErrorId(nameof(EnvironmentUnavailable));
        public static readonly S2SErrorId ExtensionManagementMissing = new S2SErrorId(nameof(ExtensionManagementMissing));
        public static readonly S2SErrorId FederatedCredentialMismatch = new S2SErrorId(nameof(FederatedCredentialMismatch));
        public static readonly S2SErrorId FederatedCredentialMissing = new S2SErrorId(nameof(FederatedCredentialMissing));
        public static readonly S2SErrorId FederatedCredentialNameInUse = new S2SErrorId(nameof(FederatedCredentialNameInUse));
        public static readonly S2SErrorId FederatedIssuerMismatch = new S2SErrorId(nameof(FederatedIssuerMismatch));
        public static readonly S2SErrorId FederatedSubjectMismatch = new S2SErrorId(nameof(FederatedSubjectMismatch));
        public static readonly S2SErrorId FirstPartyAppNotRemovable = new S2SErrorId(nameof(FirstPartyAppNotRemovable));
        public static readonly S2SErrorId GitHubOutputMissing = new S2SErrorId(nameof(GitHubOutputMissing));
        public static readonly S2SErrorId GrantFailed = new S2SErrorId(nameof(GrantFailed));
        public static readonly S2SErrorId GraphPermissionDenied = new S2SErrorId(nameof(GraphPermissionDenied));
        public static readonly S2SErrorId GraphRequestFailed = new S2SErrorId(nameof(GraphRequestFailed));
        public static readonly S2SErrorId InvalidAccessToken = new S2SErrorId(nameof(InvalidAccessToken));
        public static readonly S2SErrorId InvalidCertificateFile = new S2SErrorId(nameof(InvalidCertificateFile));
        public static readonly S2SErrorId InvalidCertificateLifetime = new S2SErrorId(nameof(InvalidCertificateLifetime));
        public static readonly S2SErrorId InvalidCertificateThumbprint = new S2SErrorId(nameof(InvalidCertificateThumbprint));
        public static readonly S2SErrorId InvalidClientAssertion = new S2SErrorId(nameof(InvalidClientAssertion));
        public static readonly S2SErrorId InvalidClientId = new S2SErrorId(nameof(InvalidClientId));
        public static readonly S2SErrorId InvalidClientSecret = new S2SErrorId(nameof(InvalidClientSecret));
        public static readonly S2SErrorId InvalidCloudEndpoint = new S2SErrorId(nameof(InvalidCloudEndpoint));
        public static readonly S2SErrorId InvalidDescription = new S2SErrorId(nameof(InvalidDescription));
        public static readonly S2SErrorId InvalidEnvironmentName = new S2SErrorId(nameof(InvalidEnvironmentName));
        public static readonly S2SErrorId InvalidExpiringWithinDays = new S2SErrorId(nameof(InvalidExpiringWithinDays));
        public static readonly S2SErrorId InvalidExpiryWarningDays = new S2SErrorId(nameof(InvalidExpiryWarningDays));
        public static readonly S2SErrorId InvalidFederatedCredentialName = new S2SErrorId(nameof(InvalidFederatedCredentialName));
        public static readonly S2SErrorId InvalidFederatedIssuer = new S2SErrorId(nameof(InvalidFederatedIssuer));
        public static readonly S2SErrorId InvalidFederatedSubject = new S2SErrorId(nameof(InvalidFederatedSubject));
        public static readonly S2SErrorId InvalidGitHubRepository = new S2SErrorId(nameof(InvalidGitHubRepository));
        public static readonly S2SErrorId InvalidKeepLatest = new S2SErrorId(nameof(InvalidKeepLatest));
        public static readonly S2SErrorId InvalidKeyId = new S2SErrorId(nameof(InvalidKeyId));
        public static readonly S2SErrorId InvalidPermissionSet = new S2SErrorId(nameof(InvalidPermissionSet));
        public static readonly S2SErrorId InvalidScope = new S2SErrorId(nameof(InvalidScope));
        public static readonly S2SErrorId InvalidSecretLifetime = new S2SErrorId(nameof(InvalidSecretLifetime));
        public static readonly S2SErrorId InvalidTenantId = new S2SErrorId(nameof(InvalidTenantId));
        public static readonly S2SErrorId InvalidUserCredentials = new S2SErrorId(nameof(InvalidUserCredentials));
        public static readonly S2SErrorId InvalidWaitTimeout = new S2SErrorId(nameof(InvalidWaitTimeout));
        public static readonly S2SErrorId InventoryFailed = new S2SErrorId(nameof(InventoryFailed));
        public static readonly S2SErrorId LastValidCredential = new S2SErrorId(nameof(LastValidCredential));
        public static readonly S2SErrorId MalformedTokenRequest = new S2SErrorId(nameof(MalformedTokenRequest));
        public static readonly S2SErrorId ManagedIdentityNotRemovable = new S2SErrorId(nameof(ManagedIdentityNotRemovable));
        public static readonly S2SErrorId ManagedIdentityUnavailable = new S2SErrorId(nameof(ManagedIdentityUnavailable));
        public static readonly S2SErrorId MfaRequired = new S2SErrorId(nameof(MfaRequired));
        public static readonly S2SErrorId MissingClientCredential = new S2SErrorId(nameof(MissingClientCredential));
        public static readonly S2SErrorId NewAppFailed = new S2SErrorId(nameof(NewAppFailed));
        public static readonly S2SErrorId NewSecretNeedsSecretCredential = new S2SErrorId(nameof(NewSecretNeedsSecretCredential));
        public static readonly S2SErrorId NoAccessTokenForResource = new S2SErrorId(nameof(NoAccessTokenForResource));
        public static readonly S2SErrorId NoActiveEnvironment = new S2SErrorId(nameof(NoActiveEnvironment));
        public static readonly S2SErrorId NoFederatedCredential = new S2SErrorId(nameof(NoFederatedCredential));
        public static readonly S2SErrorId NotConnected = new S2SErrorId(nameof(NotConnected));
        public static readonly S2SErrorId OperatorAppNotRemovable = new S2SErrorId(nameof(OperatorAppNotRemovable));
        public static readonly S2SErrorId PermissionNotGranted = new S2SErrorId(nameof(PermissionNotGranted));
        public static readonly S2SErrorId PermissionSetAmbiguous = new S2SErrorId(nameof(PermissionSetAmbiguous));
        public static readonly S2SErrorId PermissionSetMissing = new S2SErrorId(nameof(PermissionSetMissing));
        public static readonly S2SErrorId PfxFileExists = new S2SErrorId(nameof(PfxFileExists));
        public static readonly S2SErrorId PfxPasswordRequired = new S2SErrorId(nameof(PfxPasswordRequired));
        public static readonly S2SErrorId PfxPathIsFolder = new S2SErrorId(nameof(PfxPathIsFolder));
        public static readonly S2SErrorId PfxPathRequired = new S2SErrorId(nameof(PfxPathRequired));
        public static readonly S2SErrorId ReauthenticationRequired = new S2SErrorId(nameof(ReauthenticationRequired));
        public static readonly S2SErrorId RedirectUriMismatch = new S2SErrorId(nameof(RedirectUriMismatch));
        public static readonly S2SErrorId RegisterFailed = new S2SErrorId(nameof(RegisterFailed));
        public static readonly S2SErrorId RegistrationWaitTimedOut = new S2SErrorId(nameof(RegistrationWaitTimedOut));
        public static readonly S2SErrorId RemoveAppFailed = new S2SErrorId(nameof(RemoveAppFailed));
        public static readonly S2SErrorId RemoveCredentialFailed = new S2SErrorId(nameof(RemoveCredentialFailed));
        public static readonly S2SErrorId ReplicationPending = new S2SErrorId(nameof(ReplicationPending));
        public static readonly S2SErrorId ReplicationTimeout = new S2SErrorId(nameof(ReplicationTimeout));
        public static readonly S2SErrorId ResourceNotInTenant = new S2SErrorId(nameof(ResourceNotInTenant));
        public static readonly S2SErrorId ResourceNotRequested = new S2SErrorId(nameof(ResourceNotRequested));
        public static readonly S2SErrorId ServicePrincipalMissing = new S2SErrorId(nameof(ServicePrincipalMissing));
        public static readonly S2SErrorId SignInFailed = new S2SErrorId(nameof(SignInFailed));
        public static readonly S2SErrorId SingleTenantAppOnCommon = new S2SErrorId(nameof(SingleTenantAppOnCommon));
        public static readonly S2SErrorId TenantLookupFailed = new S2SErrorId(nameof(TenantLookupFailed));
        public static readonly S2SErrorId TenantMismatch = new S2SErrorId(nameof(TenantMismatch));
        public static readonly S2SErrorId TenantNotFound = new S2SErrorId(nameof(TenantNotFound));
        public static readonly S2SErrorId TenantNotReachable = new S2SErrorId(nameof(TenantNotReachable));
        public static readonly S2SErrorId TenantRequired = new S2SErrorId(nameof(TenantRequired));
        public static readonly S2SErrorId TestFailed = new S2SErrorId(nameof(TestFailed));
        public static readonly S2SErrorId UnknownCloud = new S2SErrorId(nameof(UnknownCloud));
        public static readonly S2SErrorId UnknownPermission = new S2SErrorId(nameof(UnknownPermission));
        public static readonly S2SErrorId UnknownPermissionSet = new S2SErrorId(nameof(UnknownPermissionSet));
        public static readonly S2SErrorId UnregisterFailed = new S2SErrorId(nameof(UnregisterFailed));
        public static readonly S2SErrorId UnregistrationWaitTimedOut = new S2SErrorId(nameof(UnregistrationWaitTimedOut));
        public static readonly S2SErrorId UserNotFound = new S2SErrorId(nameof(UserNotFound));
        public static readonly S2SErrorId UserNotInTenant = new S2SErrorId(nameof(UserNotInTenant));
        public static readonly S2SErrorId WorkloadIdentityFederationDisabled = new S2SErrorId(nameof(WorkloadIdentityFederationDisabled));

        /// <summary>All ids, in declaration order.</summary>
        public static IReadOnlyList<S2SErrorId> All { get; } = typeof(S2SErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(S2SErrorId)).Select(f => (S2SErrorId)f.GetValue(null)!).ToList();
    }
}
