using System;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.Test
{
    /// <summary>The outcome of one check on one target, with the cause and the fix when it did not pass.</summary>
    public sealed class CheckResult
    {
        public CheckResult(string check, string target, CheckStatus status)
        {
            Check = check;
            Target = target;
            Status = status;
        }

        public string Check { get; }
        public string Target { get; }
        public CheckStatus Status { get; set; }
        public string? Cause { get; set; }
        public string? Fix { get; set; }
        /// <summary>The service's code (AADSTS7000215, Authentication_InvalidCredentials, ...) when one was returned.</summary>
        public string? ErrorCode { get; set; }
        public string? CorrelationId { get; set; }
        /// <summary>Stable id of the diagnosis (e.g. S2S.AppNotRegisteredInEnvironment); null for Pass.</summary>
        public S2SErrorId? DiagnosisId { get; set; }
        public TimeSpan Duration { get; set; }
    }
}
