using System;
using System.Linq;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>
    /// Reads Graph's error body (code, details, request id) and turns it into an actionable error: the one place
    /// that maps Microsoft Graph's answers to <see cref="S2SException"/>.
    /// </summary>
    internal static class GraphErrors
    {
        public const string ResourceNotFound = "Request_ResourceNotFound";
        public const string RequestDenied = "Authorization_RequestDenied";
        public const string BadRequest = "Request_BadRequest";
        public const string NoBackingApplicationObject = "NoBackingApplicationObject";

        public static bool Is(Exception error, string code)
            => error is ODataError odata && (odata.Error?.Code == code || (odata.Error?.Details?.Any(d => d.Code == code) ?? false));

        public static bool IsNotFound(Exception error) => error is ODataError odata && (odata.ResponseStatusCode == 404 || odata.Error?.Code == ResourceNotFound);

        public static bool IsAlreadyAssigned(Exception error)
            => error is ODataError odata && odata.ResponseStatusCode == 400 && odata.Error?.Code == BadRequest
               && (odata.Error?.Message ?? string.Empty).IndexOf("already exists", StringComparison.OrdinalIgnoreCase) >= 0;

        private static string? RequestId(ODataError odata)
            => odata.Error?.InnerError?.RequestId ?? odata.Error?.InnerError?.ClientRequestId;

        /// <summary>An error for a failed Graph call made to <paramref name="doing"/> (e.g. "create the application").</summary>
        public static S2SException Describe(ODataError odata, string doing, string? target, string? recommendedAction = null)
        {
            var code = odata.Error?.Code ?? ("HTTP " + odata.ResponseStatusCode);
            var message = odata.Error?.Message ?? odata.Message;
            if (odata.ResponseStatusCode == 403 || code == RequestDenied)
            {
                return new S2SException(S2SErrors.GraphPermissionDenied, $"Microsoft Graph refused to {doing}: {message} ({code}).", target,
                    recommendedAction ?? "Sign in with Connect-ALOpsS2S as an account that may do this (e.g. Application Administrator or Cloud Application Administrator), or grant the operator app Application.ReadWrite.All and AppRoleAssignment.ReadWrite.All.",
                    code, RequestId(odata));
            }
            var kind = odata.ResponseStatusCode == 404 ? S2SErrorKind.ObjectNotFound
                : odata.ResponseStatusCode == 400 ? S2SErrorKind.InvalidArgument
                : odata.ResponseStatusCode == 409 ? S2SErrorKind.ResourceExists
                : S2SErrorKind.InvalidOperation;
            return new S2SException(S2SErrors.GraphRequestFailed,
                $"Microsoft Graph could not {doing}: {message} ({code}, HTTP {odata.ResponseStatusCode}).", target,
                recommendedAction ?? "Check the values given; the request id in the error helps Microsoft support.", code, RequestId(odata), kind: kind);
        }

        /// <summary>A failed Graph call whose answer had no Graph error body (HTTP <c>ResponseStatusCode</c> only).</summary>
        public static S2SException Describe(ApiException error, string doing, string? target, string recommendedAction)
            => new S2SException(S2SErrors.GraphRequestFailed, $"Microsoft Graph could not {doing} (HTTP {error.ResponseStatusCode}).", target,
                recommendedAction, "HTTP" + error.ResponseStatusCode);

        /// <summary>Graph refused an admin consent (an app role assignment, the app's required permissions) to <paramref name="account"/>.</summary>
        public static S2SException ConsentRoleRequired(ODataError error, string account, string consentGranterNames)
            => new S2SException(S2SErrors.ConsentRoleRequired, $"Microsoft Graph refused: {account} may not grant admin consent for application permissions ({error.Error?.Code ?? "HTTP " + error.ResponseStatusCode}).", account,
                $"Sign in (Connect-ALOpsS2S) as a {consentGranterNames} (activate the role first if it is eligible through PIM), or ask one to run Grant-ALOpsS2SPermission.",
                error.Error?.Code, RequestId(error));
    }
}
