using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// OData JSON <c>$batch</c> on any environment API service root (<c>POST {serviceRoot}/$batch</c>; "Using OData
/// transactional $batch requests"). The batch request itself has been authenticated like a direct request; its inner
/// requests run one after the other, in order, each through the bc host's pipeline (<see cref="ODataBatchSubrequest"/>):
/// logged, faulted, rate limited and routed like a direct request with the batch's Authorization. The answer is 200
/// <c>{"responses":[...]}</c> in request order. No transactions: <c>Isolation</c> and <c>atomicityGroup</c> are ignored.
/// </summary>
public sealed class ODataBatchHandler(DirectoryStore store, ODataBatchPipeline pipeline)
{
    public static bool IsBatch(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && (context.Request.Path.Value ?? "").EndsWith("/$batch", StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context, EnvironmentApiPath target, BcCaller caller, BcEnvironment environment)
    {
        if (context.Request.ContentType is { } contentType && contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            throw ODataErrors.NotImplemented("multipart $batch requests (send the JSON format, Content-Type: application/json)");
        using var reader = new StreamReader(context.Request.Body);
        var operations = ODataBatchBody.Parse(await reader.ReadToEndAsync(context.RequestAborted));
        var batchId = Guid.NewGuid().ToString();
        RequestLog.AnnotateBatch(context, batchId, operations.Count);

        var responses = new JsonArray();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            var answer = await AnswerAsync(context, batchId, target, caller, environment, operation, failed);
            if (answer is null)
            {
                // A dropped inner request takes the whole connection with it, as a reset would.
                context.Abort();
                return;
            }
            if (answer.Failed) failed.Add(operation.Id);
            responses.Add(answer.ToJson(operation.Id));
        }
        await ODataResponseWriter.WriteAsync(context, 200, new JsonObject { ["responses"] = responses });
    }

    private async Task<ODataBatchAnswer?> AnswerAsync(HttpContext context, string batchId, EnvironmentApiPath target, BcCaller caller,
        BcEnvironment environment, ODataBatchOperation operation, IReadOnlySet<string> failed)
    {
        if (operation.DependsOn.FirstOrDefault(failed.Contains) is { } failedDependency)
            return ODataBatchAnswer.Error(ODataErrors.FailedDependency(operation.Id, failedDependency));
        PathString path;
        QueryString query;
        try
        {
            (path, query) = store.Run(_ => ODataBatchUrl.Resolve(operation.Url, context.Request, target, caller.Tenant, environment));
        }
        catch (ODataException refused)
        {
            return ODataBatchAnswer.Error(refused);
        }
        return await ODataBatchSubrequest.RunAsync(pipeline.Next, context, batchId, operation, path, query);
    }
}
