using System;
using System.Management.Automation;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Base
{
    /// <summary>Builds ErrorRecords with stable ids, the target and a recommended action.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(S2SException error)
        {
            var exception = new ALOpsS2SException(error.Message, error.ErrorId.Value, error.ServiceErrorCode, error.CorrelationId);
            var record = new ErrorRecord(exception, error.ErrorId.Value, Category(error.Kind), error.Target);
            if (error.RecommendedAction != null)
                record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = error.RecommendedAction };
            return record;
        }

        private static ErrorCategory Category(S2SErrorKind kind)
        {
            switch (kind)
            {
                case S2SErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case S2SErrorKind.AuthenticationError: return ErrorCategory.AuthenticationError;
                case S2SErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case S2SErrorKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case S2SErrorKind.ResourceExists: return ErrorCategory.ResourceExists;
                case S2SErrorKind.ConnectionError: return ErrorCategory.ConnectionError;
                case S2SErrorKind.OperationTimeout: return ErrorCategory.OperationTimeout;
                default: return ErrorCategory.InvalidOperation;
            }
        }
    }
}
