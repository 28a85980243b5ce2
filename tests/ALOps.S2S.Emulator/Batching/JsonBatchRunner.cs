using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Control;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Batching;

/// <summary>
/// Runs a JSON batch whose envelope its host has already admitted: reads the body (<see cref="BatchBody"/>), names the
/// batch in the request log (<c>batchId</c>, <c>operations</c>), then runs the inner requests one after the other in
/// request order, each through the host's own pipeline (<see cref="BatchSubrequest"/>), except those the batch answers
/// itself (a URL the host refuses, a failed dependency). The host writes the answer body with its own headers.
/// </summary>
public sealed class JsonBatchRunner(BatchPipeline pipeline)
{
    /// <summary>
    /// A batch envelope (<c>POST …/$batch</c>): its inner requests go through the fault middleware themselves, so the
    /// envelope takes no <c>rateLimit</c> token.
    /// </summary>
    public static bool IsBatch(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && (context.Request.Path.Value ?? "").EndsWith("/$batch", StringComparison.Ordinal);

    /// <returns>
    /// The batch answer <c>{"responses":[...]}</c>, in request order; null when an inner request dropped the connection
    /// (already aborted).
    /// </returns>
    public async Task<JsonObject?> RunAsync(HttpContext context, IBatchDialect dialect)
    {
        using var reader = new StreamReader(context.Request.Body);
        var operations = BatchBody.Parse(await reader.ReadToEndAsync(context.RequestAborted), dialect);
        var batchId = Guid.NewGuid().ToString();
        RequestLog.AnnotateBatch(context, batchId, operations.Count);

        var responses = new JsonArray();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            var answer = await AnswerAsync(context, batchId, dialect, operation, failed);
            if (answer is null)
            {
                // A dropped inner request takes the whole connection with it, as a reset would.
                context.Abort();
                return null;
            }
            if (answer.Failed) failed.Add(operation.Id);
            responses.Add(answer.ToJson(operation.Id));
        }
        return new JsonObject { ["responses"] = responses };
    }

    private async Task<BatchAnswer?> AnswerAsync(HttpContext context, string batchId, IBatchDialect dialect, BatchOperation operation,
        IReadOnlySet<string> failed)
    {
        if (operation.DependsOn.FirstOrDefault(failed.Contains) is { } failedDependency)
            return dialect.FailedDependency(operation, failedDependency);
        var target = dialect.Resolve(operation);
        if (target.Refusal is { } refusal) return refusal;
        return await BatchSubrequest.RunAsync(pipeline.Next, context, batchId, operation, target.Path, target.Query);
    }
}
