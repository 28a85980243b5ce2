namespace ALOps.S2S.Core.Errors
{
    /// <summary>What kind of failure an <see cref="S2SException"/> is; the cmdlet layer maps it to an ErrorCategory.</summary>
    public enum S2SErrorKind
    {
        InvalidArgument,
        AuthenticationError,
        PermissionDenied,
        ObjectNotFound,
        ResourceExists,
        ConnectionError,
        InvalidOperation,
        OperationTimeout,
    }
}
