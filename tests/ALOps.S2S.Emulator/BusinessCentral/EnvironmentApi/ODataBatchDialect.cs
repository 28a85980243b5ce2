using ALOps.S2S.Emulator.Batching;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Business Central's side of an OData JSON <c>$batch</c> on an environment API service root: at most 100 requests,
/// BC's OData error bodies, inner URLs of the batch's own environment only (<see cref="ODataBatchUrl"/>).
/// </summary>
public sealed class ODataBatchDialect(DirectoryStore store, HttpRequest batch, EnvironmentApiPath target, BcCaller caller, BcEnvironment environment)
    : IBatchDialect
{
    public int MaximumOperations => 100;

    public Exception InvalidBatch(string message) => ODataErrors.BadRequest(message);

    public Exception TooManyOperations() => ODataErrors.TooManyBatchParts(MaximumOperations);

    public BatchTarget Resolve(BatchOperation operation)
    {
        try
        {
            var (path, query) = store.Run(_ => ODataBatchUrl.Resolve(operation.Url, batch, target, caller.Tenant, environment));
            return BatchTarget.To(path, query);
        }
        catch (ODataException refused)
        {
            return BatchTarget.Refused(Answer(refused));
        }
    }

    public BatchAnswer FailedDependency(BatchOperation operation, string failedId) =>
        Answer(ODataErrors.FailedDependency(operation.Id, failedId));

    private static BatchAnswer Answer(ODataException failure) => new(
        failure.StatusCode,
        new Dictionary<string, string> { ["content-type"] = ODataResponseWriter.ContentType, ["odata-version"] = "4.0" },
        ODataResponseWriter.ErrorBody(failure));
}
