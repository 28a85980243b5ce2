using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Http;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>The one place that turns a refused Business Central admin center call into an actionable error.</summary>
    internal static class AdminCenterErrors
    {
        /// <summary>An error for the answer to a call made to <paramref name="doing"/> as <paramref name="account"/>.</summary>
        public static S2SException From(JsonAnswer answer, string doing, string account, string target)
        {
            var error = BcErrorBody.From(answer.Body);
            if (answer.Status == 401 || answer.Status == 403)
                return new S2SException(S2SErrors.BcAdminRoleRequired,
                    $"The Business Central admin center refused to {doing} for {account} (HTTP {answer.Status}{(error.Code != null ? ", " + error.Code : string.Empty)}).",
                    account, $"Sign in (Connect-ALOpsS2S) as a {AdminCenterClient.BcAdminRoleNames}; app-only sign-ins cannot authorize apps.",
                    error.Code ?? "HTTP" + answer.Status, error.CorrelationId);
            return new S2SException(S2SErrors.AdminCenterRequestFailed,
                $"The Business Central admin center could not {doing}: {error.Message ?? "HTTP " + answer.Status} ({error.Code ?? "HTTP " + answer.Status}).",
                target, "Check the values given and try again; the admin center may be busy.", error.Code, error.CorrelationId);
        }
    }
}
