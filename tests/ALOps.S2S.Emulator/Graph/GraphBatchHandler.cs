using ALOps.S2S.Emulator.Batching;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// Microsoft Graph JSON batching (<c>POST /v1.0/$batch</c>). The batch request itself has been authenticated; its inner
/// requests run as <see cref="JsonBatchRunner"/> runs them (each logged, faulted, rate limited and routed like a direct
/// request with the batch's Authorization). The answer is 200 <c>{"responses":[...]}</c> in request order (Graph allows
/// any order; clients match by id).
/// </summary>
public sealed class GraphBatchHandler(DirectoryStore store, JsonBatchRunner runner)
{
    public const string Segment = "$batch";

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        var versionRoot = new PathString(path[..path.LastIndexOf('/')]);
        if (await runner.RunAsync(context, new GraphBatchDialect(versionRoot, store.Clock)) is { } answer)
            await GraphJson.WriteAsync(context, 200, answer);
    }
}
