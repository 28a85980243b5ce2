using System;

namespace ALOps.S2S
{
    /// <summary>
    /// The exception on every ALOps.S2S error record. Defined here (not in the engine) so scripts can catch it by
    /// type; it carries the service's code and correlation id but never a secret or token.
    /// </summary>
    public sealed class ALOpsS2SException : Exception
    {
        public ALOpsS2SException(string message, string errorId, string? serviceErrorCode, string? correlationId)
            : base(message)
        {
            ErrorId = errorId;
            ServiceErrorCode = serviceErrorCode;
            CorrelationId = correlationId;
        }

        public string ErrorId { get; }
        public string? ServiceErrorCode { get; }
        public string? CorrelationId { get; }
    }
}
