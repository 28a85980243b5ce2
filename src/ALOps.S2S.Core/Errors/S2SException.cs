using System;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Errors
{
    /// <summary>
    /// A failure the user can act on: a stable id, the object it concerns and what to do about it.
    /// Every text it carries passes through <see cref="Redactor"/> here, where the error is made, so service text
    /// (an error body, an exception message) cannot bring a secret or token to the user.
    /// </summary>
    public sealed class S2SException : Exception
    {
        /// <param name="kind">Only where one id covers failures of different kinds (an HTTP status, a timeout);
        /// otherwise the id's own <see cref="S2SErrorId.Kind"/>.</param>
        public S2SException(S2SErrorId errorId, string message, string? target = null,
            string? recommendedAction = null, string? serviceErrorCode = null, string? correlationId = null,
            Exception? inner = null, S2SErrorKind? kind = null)
            : base(Redactor.Redact(message), inner)
        {
            ErrorId = errorId;
            Kind = kind ?? errorId.Kind;
            Target = RedactOrNull(target);
            RecommendedAction = RedactOrNull(recommendedAction);
            ServiceErrorCode = RedactOrNull(serviceErrorCode);
            CorrelationId = RedactOrNull(correlationId);
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

        /// <summary>The same error with another message and target (e.g. naming the batch row it happened in).</summary>
        public S2SException Restated(string message, string? target)
            => new S2SException(ErrorId, message, target, RecommendedAction, ServiceErrorCode, CorrelationId, InnerException, Kind);

        private static string? RedactOrNull(string? text) => text == null ? null : Redactor.Redact(text);
    }
}
