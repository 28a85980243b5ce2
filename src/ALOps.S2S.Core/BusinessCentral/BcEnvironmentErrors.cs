using System.Text.Json;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>The one place that turns a refused call to an environment's standard or automation API into an actionable error.</summary>
    internal static class BcEnvironmentErrors
    {
        /// <summary>An error for the answer (<paramref name="status"/>, <paramref name="body"/>) to a call made to <paramref name="doing"/>.</summary>
        public static S2SException From(string environment, int status, JsonElement? body, string doing)
        {
            var error = BcErrorBody.From(body);
            var code = error.Code ?? "HTTP" + status;
            switch (status)
            {
                case 401:
                    return new S2SException(S2SErrors.BcUnauthorized, $"Business Central environment '{environment}' rejected the credentials when asked to {doing} ({code}).", environment,
                        "Register the app on the environment's Microsoft Entra Applications page with State Enabled (Register-ALOpsBcClient tells how).", code, error.CorrelationId);
                case 403:
                    return new S2SException(S2SErrors.BcForbidden, $"Business Central environment '{environment}' refused to {doing}: {error.Message ?? "permission denied"} ({code}).", environment,
                        "Assign the needed permission sets to the app in the environment (D365 AUTOMATION, EXTEN. MGT. - ADMIN).", code, error.CorrelationId);
                case 409:
                    return new S2SException(S2SErrors.BcConflict, $"Business Central environment '{environment}' refused to {doing}: {error.Message ?? "it exists already"} ({code}).", environment,
                        "Read the current state again; the change may have been made meanwhile.", code, error.CorrelationId);
                case 404:
                    return new S2SException(S2SErrors.BcNotFound, $"Business Central environment '{environment}' found nothing to {doing}: {error.Message ?? "not found"} ({code}).", environment,
                        "Check the environment name and that it is Active in the admin center.", code, error.CorrelationId);
                default:
                    return new S2SException(S2SErrors.BcRequestFailed, $"Business Central environment '{environment}' could not {doing}: {error.Message ?? "HTTP " + status} ({code}).", environment,
                        "Try again; if it persists, the correlation id helps Microsoft support.", code, error.CorrelationId);
            }
        }
    }
}
