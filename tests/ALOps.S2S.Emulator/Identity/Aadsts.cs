namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// The AADSTS errors the emulator produces. OAuth error values and HTTP status follow what Entra answers in
/// practice (CONTRACT.md "Errors"); message texts follow the real service's wording.
/// </summary>
public static class Aadsts
{
    private const string WorkloadIdentityDocs = "https://learn.microsoft.com/entra/workload-id/workload-identity-federation";

    public static AadstsException TenantNotFound(string tenant) => Fail(90002, "invalid_request", 400,
        $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. " +
        "Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.");

    public static AadstsException InvalidTenantIdentifier(string tenant) => Fail(900023, "invalid_request", 400,
        $"Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain.");

    public static AadstsException GrantNotSupportedOnCommonEndpoint(string tenant) => Fail(9001023, "invalid_request", 400,
        $"The grant type isn't supported over the /{tenant} endpoint. Please use a tenant-specific endpoint.");

    public static AadstsException MissingParameter(string name) => Fail(900144, "invalid_request", 400,
        $"The request body must contain the following parameter: '{name}'.");

    public static AadstsException UnsupportedGrantType(string grantType) => Fail(70003, "unsupported_grant_type", 400,
        $"The app requested an unsupported grant type '{grantType}'.");

    public static AadstsException ClientNotFound(string clientId, string tenantDisplayName) => Fail(700016, "unauthorized_client", 400,
        $"Application with identifier '{clientId}' was not found in the directory '{tenantDisplayName}'. This can happen if the application " +
        "has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your " +
        "authentication request to the wrong tenant.");

    public static AadstsException ClientServicePrincipalMissing(Guid appId, Guid tenantId) => Fail(7000229, "invalid_client", 400,
        $"The client application {appId} is missing service principal in the tenant {tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119");

    public static AadstsException ApplicationDisabled(Guid appId, string displayName) => Fail(7000112, "unauthorized_client", 400,
        $"Application '{appId}'({displayName}) is disabled.");

    public static AadstsException MissingClientCredential() => Fail(7000218, "invalid_request", 400,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

    public static AadstsException InvalidClientSecret(Guid appId) => Fail(7000215, "invalid_client", 401,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, " +
        $"for a secret added to app '{appId}'.");

    public static AadstsException ExpiredClientSecret(Guid appId) => Fail(7000222, "invalid_client", 401,
        $"The provided client secret keys for app '{appId}' are expired. Visit the Azure portal to create new keys for your app: " +
        "https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.");

    public static AadstsException PublicClientWithCredential() => Fail(700025, "invalid_client", 400,
        "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");

    public static AadstsException MalformedAssertion() => Fail(50027, "invalid_request", 400,
        "JWT token is invalid or malformed.");

    public static AadstsException UnsupportedAssertionType(string type) => Fail(50027, "invalid_request", 400,
        $"Invalid client_assertion_type '{type}'. Expected 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.");

    public static AadstsException AssertionKeyNotFound(string thumbprint, Guid appId) => Fail(700027, "invalid_client", 401,
        $"Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '{thumbprint}', " +
        $"Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{appId}'. " +
        "Review the documentation at https://docs.microsoft.com/en-us/graph/deployments if you are not using the global instance of the MS Graph.]");

    public static AadstsException AssertionKeyExpired(string thumbprint, Guid appId) => Fail(700027, "invalid_client", 401,
        $"Client assertion failed signature validation. [Reason - The key used is expired., Thumbprint of key used by client: '{thumbprint}', " +
        $"Found key 'Start=..., End=...', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{appId}'.]");

    public static AadstsException AssertionSignatureInvalid() => Fail(700027, "invalid_client", 401,
        "Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value.]");

    public static AadstsException AssertionOutsideValidity(DateTimeOffset now, DateTimeOffset? notBefore, DateTimeOffset? expires) => Fail(700024, "invalid_client", 400,
        $"Client assertion is not within its valid time range. Current time: {Iso(now)}, assertion valid from {Iso(notBefore)}, " +
        $"expiry time of assertion {Iso(expires)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");

    public static AadstsException AssertionAudienceInvalid(string? audience) => Fail(50027, "invalid_client", 401,
        $"JWT token is invalid or malformed. [Reason - The audience claim '{audience}' is not the token endpoint of this tenant.]");

    public static AadstsException AssertionSubjectMismatchesIssuer() => Fail(50048, "invalid_client", 400,
        "Subject mismatches Issuer claim in the client assertion. Contact the tenant admin.");

    public static AadstsException NoFederatedCredentials(Guid appId, string displayName) => Fail(70025, "invalid_client", 400,
        $"The client '{appId}'({displayName}) has no configured federated identity credentials.");

    public static AadstsException FederatedIssuerMismatch(string? issuer) => Fail(700211, "invalid_client", 400,
        $"No matching federated identity record found for presented assertion issuer '{issuer}'. Please check your federated identity " +
        $"credential Subject, Audience and Issuer against the presented assertion. {WorkloadIdentityDocs}");

    public static AadstsException FederatedSubjectMismatch(string? subject) => Fail(700213, "invalid_client", 400,
        $"No matching federated identity record found for presented assertion subject '{subject}'. Please check your federated identity " +
        $"credential Subject, Audience and Issuer against the presented assertion. {WorkloadIdentityDocs}");

    public static AadstsException FederatedAudienceMismatch(string audience) => Fail(700212, "invalid_client", 400,
        $"No matching federated identity record found for presented assertion audience '{audience}'. Please check your federated identity " +
        $"credential Subject, Audience and Issuer against the presented assertion. {WorkloadIdentityDocs}");

    public static AadstsException ExternalIssuerUnreachable(string? issuer) => Fail(50166, "invalid_client", 400,
        $"Request to External OIDC endpoint failed. Issuer: '{issuer}'.");

    public static AadstsException ResourceNotFound(string resource, string tenantDisplayName) => Fail(500011, "invalid_resource", 400,
        $"The resource principal named {resource} was not found in the tenant named {tenantDisplayName}. This can happen if the application " +
        "has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your " +
        "authentication request to the wrong tenant.");

    public static AadstsException InvalidScope(string scope) => Fail(70011, "invalid_scope", 400,
        $"The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.");

    public static AadstsException ScopeWithoutDefault(string scope) => Fail(1002012, "invalid_scope", 400,
        $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed " +
        "to the resource identifier (application ID URI).");

    public static AadstsException MultipleResources(string scope) => Fail(700022, "invalid_scope", 400,
        $"The provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid.");

    public static AadstsException ConsentRequired(Guid clientId, string clientDisplayName) => Fail(65001, "invalid_grant", 400,
        $"The user or administrator has not consented to use the application with ID '{clientId}' named '{clientDisplayName}'. " +
        "Send an interactive authorization request for this user and resource.");

    public static AadstsException UserNotFound(string user, string tenantDisplayName) => Fail(50034, "invalid_grant", 400,
        $"The user account {user} does not exist in the {tenantDisplayName} directory. To sign into this application, the account must be added to the directory.");

    /// <summary>
    /// A user of another tenant who is neither a member (guest) nor a delegated admin of the tenant it asked a token
    /// for. ASSUMPTION: the code and wording follow the real service's AADSTS50020 (not in api-contracts.md);
    /// error value and status as the token endpoint answers other invalid_grant failures.
    /// </summary>
    public static AadstsException UserNotInTenant(string user, Guid homeTenantId, string tenantDisplayName, Guid clientAppId, string clientDisplayName) =>
        Fail(50020, "invalid_grant", 400,
            $"User account '{user}' from identity provider 'https://sts.windows.net/{homeTenantId}/' does not exist in tenant '{tenantDisplayName}' " +
            $"and cannot access the application '{clientAppId}'({clientDisplayName}) in that tenant. The account needs to be added as an external " +
            "user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.");

    public static AadstsException AuthorizationPending() => Fail(70016, "authorization_pending", 400,
        "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");

    public static AadstsException DeviceCodeExpired() => Fail(70019, "expired_token", 400,
        "Verification code expired.");

    public static AadstsException BadVerificationCode() => Fail(70018, "bad_verification_code", 400,
        "Invalid verification code. The device_code sent to the /token endpoint wasn't recognized.");

    public static AadstsException DeviceCodeAlreadyRedeemed() => Fail(90120, "invalid_grant", 400,
        "The request was already authorized or declined.");

    public static AadstsException InvalidRefreshToken() => Fail(9002313, "invalid_grant", 400,
        "Invalid request. Request is malformed or invalid.");

    public static AadstsException RefreshTokenExpired() => Fail(700082, "invalid_grant", 400,
        "The refresh token has expired due to inactivity. The token was issued on a date and was inactive for the maximum allowed time.");

    public static AadstsException RefreshTokenOfOtherClient() => Fail(70000, "invalid_grant", 400,
        "Provided grant is invalid or malformed. The refresh token was issued to a different client.");

    public static AadstsException RedirectUriMismatch(string redirectUri, Guid appId) => Fail(50011, "invalid_request", 400,
        $"The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{appId}'. " +
        "Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.");

    private static AadstsException Fail(int code, string error, int status, string message) => new(new AadstsError(code, error, status, message));

    private static string Iso(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ") ?? "(none)";
}
