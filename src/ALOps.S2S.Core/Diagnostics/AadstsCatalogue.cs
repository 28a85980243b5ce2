using System.Collections.Generic;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.Diagnostics
{
    /// <summary>
    /// The Microsoft Entra sign-in errors met while setting up or using an S2S identity (api-contracts §1.3),
    /// each with a cause and a fix. Branches on the numeric code, never on message text.
    /// </summary>
    public static class AadstsCatalogue
    {
        private static readonly Dictionary<int, Diagnosis> Entries = new Dictionary<int, Diagnosis>();

        static AadstsCatalogue()
        {
            Add(90002, S2SErrors.TenantNotFound,
                "The tenant does not exist in this cloud (a typo in the tenant id or domain, or the wrong cloud).",
                "Check the tenant id (Entra admin center > Overview > Tenant ID) or use a verified domain; for a sovereign or custom cloud pass -Cloud.");
            Add(700016, S2SErrors.ClientNotFound,
                "No application with this client id exists in the tenant: a wrong client id, the wrong tenant, a deleted app, or an app created moments ago that has not replicated yet.",
                "Check the Application (client) ID and the tenant; right after creating an app wait a minute and retry. New-ALOpsS2SApp creates or finds the app.");
            Add(7000215, S2SErrors.InvalidClientSecret,
                "The client secret is wrong. Often the secret's ID was copied instead of its Value, or a new secret was added and an old one is still in use.",
                "Use the secret Value shown once when the secret was created (not the Secret ID); create a new one with New-ALOpsS2SApp -NewSecret if it is lost.");
            Add(7000222, S2SErrors.ClientSecretExpired,
                "The client secret has expired.",
                "Add a new secret with New-ALOpsS2SApp -NewSecret, update the pipeline variable, then remove the expired one.");
            Add(7000218, S2SErrors.MissingClientCredential,
                "The request carried neither a client secret nor a client assertion.",
                "Pass -ClientSecret, -Certificate/-CertificateThumbprint or -FederatedToken.");
            Add(7000229, S2SErrors.ServicePrincipalMissing,
                "The application has no service principal (enterprise application) in this tenant.",
                "Run New-ALOpsS2SApp for this client id; it creates the missing service principal.");
            Add(7000112, S2SErrors.ApplicationDisabled,
                "The application or its service principal is disabled in this tenant.",
                "Enable it: Entra admin center > Enterprise applications > the app > Properties > Enabled for users to sign-in = Yes.");
            Add(70001, S2SErrors.ApplicationDisabled,
                "The application is disabled.",
                "Enable the enterprise application in the Entra admin center.");
            Add(500011, S2SErrors.ResourceNotInTenant,
                "The resource (e.g. Dynamics 365 Business Central) has no service principal in this tenant: it was never provisioned or consented there, or this is the wrong tenant.",
                "Check the tenant; make sure Business Central is provisioned in it (sign in to Business Central once as an admin).");
            Add(65001, S2SErrors.ConsentMissing,
                "No user or admin has consented to this application.",
                "Grant admin consent with Grant-ALOpsS2SPermission.");
            Add(650057, S2SErrors.ResourceNotRequested,
                "The app registration does not list this resource in its required permissions.",
                "Add the permissions with Grant-ALOpsS2SPermission.");
            Add(70011, S2SErrors.InvalidScope,
                "The requested scope is not valid.",
                "Use <resource>/.default, e.g. https://api.businesscentral.dynamics.com/.default.");
            Add(1002012, S2SErrors.InvalidScope,
                "The client credentials flow needs a scope that ends in /.default.",
                "Use https://api.businesscentral.dynamics.com/.default.");
            Add(700022, S2SErrors.InvalidScope,
                "Scopes of more than one resource were requested at once.",
                "Request one resource's /.default scope per token.");
            Add(700024, S2SErrors.AssertionExpired,
                "The client assertion is outside its valid time range (expired, or the clock is off).",
                "Use a fresh federated token (they expire within minutes) and check the machine clock.");
            Add(700027, S2SErrors.InvalidClientAssertion,
                "The client assertion's signature did not validate: the certificate is not registered on the app, or it was renewed without updating the app registration.",
                "Upload the certificate's public key to the app (New-ALOpsS2SApp -CertificateType ...), or sign with the certificate that is registered.");
            Add(50012, S2SErrors.InvalidClientAssertion,
                "Authentication failed: the client assertion or its certificate was not accepted.",
                "Check that the certificate registered on the app is the one used, and that it has not expired.");
            Add(70021, S2SErrors.FederatedCredentialMismatch,
                "No federated identity credential on the app matches the presented token.",
                "Add a federated credential with the exact issuer and subject of the token (New-ALOpsS2SApp -FederatedIssuer/-FederatedSubject).");
            Add(700211, S2SErrors.FederatedIssuerMismatch,
                "No federated identity credential on the app has the token's issuer.",
                "Copy the issuer exactly as the Azure DevOps service connection or GitHub shows it into the app's federated credential.");
            Add(700213, S2SErrors.FederatedSubjectMismatch,
                "No federated identity credential on the app has the token's subject (subjects are case-sensitive).",
                "Copy the subject exactly (case-sensitive), e.g. sc://org/project/connection or repo:owner/name:environment:prod.");
            Add(70025, S2SErrors.NoFederatedCredential,
                "The application has no federated identity credentials.",
                "Add one with New-ALOpsS2SApp -FederatedIssuer <issuer> -FederatedSubject <subject>.");
            Add(700223, S2SErrors.WorkloadIdentityFederationDisabled,
                "Workload identity federation is constrained or disabled in this tenant.",
                "Ask the tenant admin to allow workload identity federation for this app, or use a client secret or certificate.");
            Add(700238, S2SErrors.WorkloadIdentityFederationDisabled,
                "Workload identity federation is disabled in this tenant.",
                "Ask the tenant admin to allow workload identity federation, or use a client secret or certificate.");
            Add(70052, S2SErrors.EntraIssuerNeedsSingleTenantApp,
                "The Microsoft Entra issuer for workload identity federation needs a single-tenant app or a managed identity; this app is multitenant.",
                "Set the app's supported account types to this tenant only (AzureADMyOrg), or use the Azure DevOps issuer.");
            Add(900144, S2SErrors.MalformedTokenRequest,
                "The token request lacks a required parameter.",
                "Report this as a bug in ALOps.S2S with the correlation id; the module builds every token request itself.");
            Add(53003, S2SErrors.BlockedByConditionalAccess,
                "A Conditional Access policy blocks this sign-in.",
                "Ask the tenant admin to review the Conditional Access policies for workload identities.");
            Add(50194, S2SErrors.SingleTenantAppOnCommon,
                "The app is single-tenant but /common was used.",
                "Pass the tenant id or domain instead of common.");
            Add(50011, S2SErrors.RedirectUriMismatch,
                "The redirect URI does not match the app registration.",
                "Add the redirect URI to the app registration (for BC's Grant Consent: https://businesscentral.dynamics.com/OAuthLanding.htm).");
            Add(90094, S2SErrors.AdminConsentRequired,
                "The permissions need admin consent.",
                "Sign in as an administrator or grant admin consent with Grant-ALOpsS2SPermission.");
            Add(50034, S2SErrors.UserNotFound,
                "The signed-in account does not exist in this tenant.",
                "Sign in with an account of the tenant, or pass the right -TenantId.");
            Add(50020, S2SErrors.UserNotInTenant,
                "The signed-in account has no access to this tenant: it is not a member, a guest or a delegated admin there.",
                "Ask the customer for delegated admin (GDAP) access or a guest invitation, or connect with an account of that tenant (Connect-ALOpsS2S -TenantId <tenant>).");
            Add(50126, S2SErrors.InvalidUserCredentials,
                "The user name or password is wrong.",
                "Sign in again with the right account.");
            Add(50076, S2SErrors.MfaRequired,
                "Multi-factor authentication is required.",
                "Sign in interactively (without -UseDeviceCode restrictions) and complete MFA.");
        }

        private static void Add(int code, S2SErrorId errorId, string cause, string fix)
            => Entries[code] = new Diagnosis("AADSTS" + code, errorId, cause, fix);

        public static Diagnosis? Find(int code) => Entries.TryGetValue(code, out var diagnosis) ? diagnosis : null;

        public static IReadOnlyCollection<Diagnosis> All => Entries.Values;
    }
}
