using System;
using System.Net.Http;
using Microsoft.Identity.Client;
using ALOps.S2S.Core.Diagnostics;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>Turns MSAL failures into errors that name the cause and the fix (never the secret).</summary>
    internal static class SignInFailureTranslator
    {
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

        public static Exception Translate(Exception exception, Context context)
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

        private static Exception FromService(MsalServiceException service, Context context)
        {
            var body = OAuthErrorBody.Parse(service.ResponseBody, service.Message);
            var correlationId = body.CorrelationId ?? service.CorrelationId;
            if (service.InnerException is HttpRequestException http && body.Code == null) return Unreachable(http, context);

            var diagnosis = body.Code is int code ? AadstsCatalogue.Find(code) : null;
            var codeText = body.Code is int c ? "AADSTS" + c : service.ErrorCode;
            if (diagnosis == null)
            {
                return new S2SException(S2SErrors.SignInFailed, S2SErrorKind.AuthenticationError,
                    $"Sign-in to tenant '{context.Tenant}' failed ({codeText}): {Redactor.Redact(FirstLine(service.Message))}",
                    context.Tenant, $"Look up {codeText} at https://login.microsoftonline.com/error?code={body.Code}.", codeText, correlationId, service);
            }

            var cause = diagnosis.Cause;
            if (diagnosis.ErrorId == S2SErrors.InvalidClientSecret && context.SecretLooksLikeGuid)
                cause = "The value given is shaped like a GUID: that is the secret's ID, not its Value. " + cause;

            var target = diagnosis.ErrorId == S2SErrors.TenantNotFound || diagnosis.ErrorId == S2SErrors.ResourceNotInTenant
                ? context.Tenant
                : context.ClientId ?? context.Tenant;
            var subject = context.ClientId != null ? $"client '{context.ClientId}' in tenant '{context.Tenant}'" : $"tenant '{context.Tenant}'";
            return new S2SException(diagnosis.ErrorId, diagnosis.Kind,
                $"Sign-in as {subject} failed with {codeText}. {cause}",
                target, diagnosis.Fix, codeText, correlationId, service);
        }

        private static Exception FromClient(MsalClientException client, Context context)
        {
            if (client.InnerException is HttpRequestException http) return Unreachable(http, context);
            if (client.ErrorCode == MsalError.AuthenticationCanceledError)
                return new OperationCanceledException("Sign-in was cancelled.", client);
            return new S2SException(S2SErrors.SignInFailed, S2SErrorKind.AuthenticationError,
                $"Sign-in to tenant '{context.Tenant}' failed on this machine ({client.ErrorCode}): {Redactor.Redact(FirstLine(client.Message))}",
                context.Tenant, "Check the parameters; for a machine without a browser use -UseDeviceCode.", client.ErrorCode, null, client);
        }

        private static Exception Unreachable(HttpRequestException http, Context context)
            => new S2SException(S2SErrors.AuthorityUnreachable, S2SErrorKind.ConnectionError,
                $"The sign-in service could not be reached: {Redactor.Redact(http.Message)}",
                context.Tenant, "Check the network, proxy and the cloud's authority host (-Cloud / ALOPS_S2S_AUTHORITY_HOST).", null, null, http);

        private static string FirstLine(string message)
        {
            var end = message.IndexOfAny(new[] { '\r', '\n' });
            return end < 0 ? message : message.Substring(0, end);
        }
    }
}
