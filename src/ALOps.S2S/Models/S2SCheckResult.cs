using System;

namespace ALOps.S2S.Models
{
    /// <summary>One check of Test-ALOpsS2S on one target: status, and for anything but Pass the cause and the fix.</summary>
    public sealed class S2SCheckResult
    {
        /// <summary>The input row (1 = the first) this result belongs to.</summary>
        public int Row { get; internal set; }
        public string Check { get; internal set; } = string.Empty;
        public string Target { get; internal set; } = string.Empty;
        public S2SCheckStatus Status { get; internal set; }
        public string? Cause { get; internal set; }
        public string? Fix { get; internal set; }
        public string? ErrorCode { get; internal set; }
        public string? CorrelationId { get; internal set; }
        public TimeSpan Duration { get; internal set; }
        /// <summary>The stable id of the diagnosis (also the error id of the error record written for a failure).</summary>
        public string? DiagnosisId { get; internal set; }
        public string TenantId { get; internal set; } = string.Empty;
        public string ClientId { get; internal set; } = string.Empty;

        public override string ToString() => $"{Status} {Check} ({Target})";
    }
}
