using System;

namespace ALOps.S2S.Core.Errors
{
    /// <summary>
    /// A failure the user can act on: a stable id, the object it concerns and what to do about it.
    /// Messages never contain secrets or tokens.
    /// </summary>
    public sealed class S2SException : Exception
    {
        public S2SException(S2SErrorId errorId, S2SErrorKind kind, string message, string? target = null,
            string? recommendedAction = null, string? serviceErrorCode = null, string? correlationId = null,
            Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
            RecommendedAction = recommendedAction;
            ServiceErrorCode = serviceErrorCode;
            CorrelationId = correlationId;
        }

        /// <summary>Stable PascalCase id, e.g. <c>S2S.InvalidClientSecret</c>.</summary>
        public S2SErrorId ErrorId { get; }
        public S2SErrorKind Kind { get; }
        /// <summary>The tenant, app, environment or value the error is about.</summary>
        public string? Target { get; }
        public string? RecommendedAction { get; }
        /// <summary>The service's own code (e.g. <c>AADSTS7000215</c>, <c>Authorization_RequestDenied</c>).</summary>
        public string? ServiceErrorCode { get; }
        public string? CorrelationId { get; }

        public static S2SException InvalidArgument(S2SErrorId errorId, string message, string? target, string recommendedAction)
            => new S2SException(errorId, S2SErrorKind.InvalidArgument, message, target, recommendedAction);
    }
}
