using ALOps.S2S.Emulator.Batching;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// Microsoft Graph's side of JSON batching (learn.microsoft.com/graph/json-batching): at most 20 requests, Graph's
/// error envelope, inner URLs relative to the batch's version root (<see cref="GraphBatchUrl"/>).
/// </summary>
public sealed class GraphBatchDialect(PathString versionRoot, TimeProvider clock) : IBatchDialect
{
    public int MaximumOperations => 20;

    public Exception InvalidBatch(string message) => GraphErrors.InvalidBatch(message);

    public Exception TooManyOperations() => GraphErrors.TooManyBatchRequests(MaximumOperations);

    public BatchTarget Resolve(BatchOperation operation)
    {
        try
        {
            var (path, query) = GraphBatchUrl.Resolve(operation.Url, versionRoot);
            return BatchTarget.To(path, query);
        }
        catch (GraphException refused)
        {
            return BatchTarget.Refused(Answer(refused));
        }
    }

    public BatchAnswer FailedDependency(BatchOperation operation, string failedId) =>
        Answer(GraphErrors.FailedDependency(operation.Id, failedId));

    /// <summary>An inner request the batch refused itself: Graph's error envelope with a request id of its own.</summary>
    private BatchAnswer Answer(GraphException failure)
    {
        var requestId = Guid.NewGuid().ToString();
        return new BatchAnswer(
            failure.StatusCode,
            new Dictionary<string, string> { ["content-type"] = GraphJson.ContentType },
            GraphErrorWriter.Body(failure, requestId, requestId, clock.GetUtcNow()));
    }
}
