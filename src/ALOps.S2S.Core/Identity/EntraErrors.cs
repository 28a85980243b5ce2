using System;
using System.Net.Http;
using Microsoft.Identity.Client;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Diagnostics;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>
    /// Microsoft Entra's failures (MSAL's exceptions, the token endpoint's and the OpenID metadata's error bodies)
    /// as errors that name the cause and the fix, never the secret. The one place that maps Entra's answers to
    /// <see cref="S2SException"/>; the AADSTS codes it knows are explained in <see cref="AadstsCatalogue"/>.
    /// </summary>
    internal static class EntraErrors
    {
        /// <summary>AADSTS50020: the account has no access to the tenant.</summary>
        private const int UserNotInTenantCode = 50020;

        public sealed class Context
        {
            public string? Tenant { get; set; }
            public string? ClientId { get; set; }
            public string Resource { get; set; } = string.Empty;
            public bool SecretLooksLikeGuid { get; set; }

            /// <summary>A copy for one resource and, when acting in another tenant, that tenant (concurrent calls never share one).</summary>
            public Context For(string resource, string? tenantId = null) => new Context
            {
                Tenant = tenantId ?? Tenant,
                ClientId = ClientId,
                Resource = resource,
                SecretLooksLikeGuid = SecretLooksLikeGuid,
            };
        }

        /// <summary>A failed sign-in or token request; errors already explained and cancellations pass through.</summary>
        public static Exception FromSignIn(Exception exception, Context context)
        {
            switch (exception)
            {
                case S2SException _:
                case OperationCanceledException _:
                    return exception;
                case MsalServiceException service:
                    return FromService(service, context);
                case MsalClientException client:
                    return FromClient(client, context);
                case HttpRequestException http:
                    return Unreachable(http, context);
                default:
                    return exception;
            }
        }

        /// <summary>
        /// A signed-in person's token request in another tenant failed. The tenant's answer names the cause (e.g.
        /// AADSTS50020) when MSAL passes it on; MSAL reports a refused refresh there only as "no tokens", which means
        /// the account has no access to that tenant.
        /// </summary>
        public static Exception FromOtherTenant(Exception exception, Context context, string account)
        {
            for (var inner = exception; inner != null; inner = inner.InnerException)
                if (inner is MsalServiceException service && OAuthErrorBody.Parse(service.ResponseBody, service.Message).Code != null)
                    return FromService(service, context);
            if (!(exception is MsalUiRequiredException uiRequired)) return FromSignIn(exception, context);
            var diagnosis = AadstsCatalogue.Find(UserNotInTenantCode)!;
            return new S2SException(diagnosis.ErrorId,
                $"'{account}' could not get a token in tenant {context.Tenant} ({uiRequired.ErrorCode}). {diagnosis.Cause}",
                context.Tenant, diagnosis.Fix, uiRequired.ErrorCode, uiRequired.CorrelationId, uiRequired);
        }

        /// <summary>The signed-in person's cached sign-in can no longer get a token without the person.</summary>
        public static S2SException ReauthenticationRequired(MsalUiRequiredException ex, string? account, string resource)
            => new S2SException(S2SErrors.ReauthenticationRequired, $"The sign-in of '{account}' can no longer get a token for {resource} silently ({ex.ErrorCode}).",
                account, "Run Connect-ALOpsS2S again.", ex.ErrorCode, ex.CorrelationId, ex);

        /// <summary>MSAL found no managed identity endpoint on this machine (its <c>managed_identity_*</c> codes).</summary>
        public static bool IsManagedIdentityUnavailable(MsalException ex)
            => ex.ErrorCode != null && ex.ErrorCode.StartsWith("managed_identity", StringComparison.Ordinal);

        public static S2SException ManagedIdentityUnavailable(MsalException ex)
            => new S2SException(S2SErrors.ManagedIdentityUnavailable, $"No managed identity answered on this machine ({ex.ErrorCode}).", "ManagedIdentity",
                "Run where a managed identity is enabled (Azure Automation, App Service, a VM) or use another sign-in mode.",
                ex.ErrorCode, null, ex);

        /// <summary>The authority refused the OpenID metadata of <paramref name="tenant"/> (HTTP <paramref name="status"/>).</summary>
        public static S2SException FromMetadata(CloudEndpoints cloud, string tenant, int status, string body)
        {
            var error = OAuthErrorBody.Parse(body);
            var diagnosis = error.Code is int code ? AadstsCatalogue.Find(code) : null;
            if (diagnosis != null)
                return new S2SException(diagnosis.ErrorId, $"Tenant '{tenant}': {diagnosis.Cause}", tenant, diagnosis.Fix, "AADSTS" + error.Code, error.CorrelationId);
            return new S2SException(S2SErrors.TenantLookupFailed,
                $"The authority {cloud.AuthorityHost} answered {status} for tenant '{tenant}'.", tenant,
                "Check the tenant and the cloud's authority host (-Cloud / ALOPS_S2S_AUTHORITY_HOST).");
        }

        /// <summary>The OpenID metadata of <paramref name="tenant"/> came back without a tenant id in its issuer.</summary>
        public static S2SException MetadataWithoutTenant(string tenant, string? issuer)
            => new S2SException(S2SErrors.TenantLookupFailed,
                $"The OpenID metadata of tenant '{tenant}' names no tenant id (issuer '{issuer}').", tenant, "Pass the tenant id (GUID) instead of the domain.");

        private static Exception FromService(MsalServiceException service, Context context)
        {
            var body = OAuthErrorBody.Parse(service.ResponseBody, service.Message);
            var correlationId = body.CorrelationId ?? service.CorrelationId;
            if (service.InnerException is HttpRequestException http && body.Code == null) return Unreachable(http, context);

            var diagnosis = body.Code is int code ? AadstsCatalogue.Find(code) : null;
            var codeText = body.Code is int c ? "AADSTS" + c : service.ErrorCode;
            if (diagnosis == null)
            {
                return new S2SException(S2SErrors.SignInFailed, $"Sign-in to tenant '{context.Tenant}' failed ({codeText}): {FirstLine(service.Message)}",
                    context.Tenant, $"Look up {codeText} at https://login.microsoftonline.com/error?code={body.Code}.", codeText, correlationId, service);
            }

            var cause = diagnosis.Cause;
            if (diagnosis.ErrorId == S2SErrors.InvalidClientSecret && context.SecretLooksLikeGuid)
                cause = "The value given is shaped like a GUID: that is the secret's ID, not its Value. " + cause;

            var target = diagnosis.ErrorId == S2SErrors.TenantNotFound || diagnosis.ErrorId == S2SErrors.ResourceNotInTenant
                ? context.Tenant
                : context.ClientId ?? context.Tenant;
            var subject = context.ClientId != null ? $"client '{context.ClientId}' in tenant '{context.Tenant}'" : $"tenant '{context.Tenant}'";
            return new S2SException(diagnosis.ErrorId,
                $"Sign-in as {subject} failed with {codeText}. {cause}",
                target, diagnosis.Fix, codeText, correlationId, service);
        }

        private static Exception FromClient(MsalClientException client, Context context)
        {
            if (client.InnerException is HttpRequestException http) return Unreachable(http, context);
            if (client.ErrorCode == MsalError.AuthenticationCanceledError)
                return new OperationCanceledException("Sign-in was cancelled.", client);
            return new S2SException(S2SErrors.SignInFailed, $"Sign-in to tenant '{context.Tenant}' failed on this machine ({client.ErrorCode}): {FirstLine(client.Message)}",
                context.Tenant, "Check the parameters; for a machine without a browser use -UseDeviceCode.", client.ErrorCode, null, client);
        }

        private static Exception Unreachable(HttpRequestException http, Context context)
            => new S2SException(S2SErrors.AuthorityUnreachable, $"The sign-in service could not be reached: {http.Message}",
                context.Tenant, "Check the network, proxy and the cloud's authority host (-Cloud / ALOPS_S2S_AUTHORITY_HOST).", null, null, http);

        private static string FirstLine(string message)
        {
            var end = message.IndexOfAny(new[] { '\r', '\n' });
            return end < 0 ? message : message.Substring(0, end);
        }
    }
}
