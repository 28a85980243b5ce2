namespace ALOps.S2S.Emulator.Batching;

/// <summary>
/// What differs between the hosts' JSON batches (Business Central's OData <c>$batch</c>, Microsoft Graph's JSON
/// batching): the size limit, the error bodies, and what an inner URL addresses. Everything else is shared
/// (<see cref="JsonBatchRunner"/>).
/// </summary>
public interface IBatchDialect
{
    int MaximumOperations { get; }

    /// <summary>The whole batch's 400 for a body that is no valid batch (thrown as the host's own error).</summary>
    Exception InvalidBatch(string message);

    /// <summary>The whole batch's 400 for more than <see cref="MaximumOperations"/> requests.</summary>
    Exception TooManyOperations();

    /// <summary>The host path and query an inner request addresses, or the inner answer refusing its URL.</summary>
    BatchTarget Resolve(BatchOperation operation);

    /// <summary>The inner answer (424) of a request whose <c>dependsOn</c> names <paramref name="failedId"/>, which failed.</summary>
    BatchAnswer FailedDependency(BatchOperation operation, string failedId);
}
