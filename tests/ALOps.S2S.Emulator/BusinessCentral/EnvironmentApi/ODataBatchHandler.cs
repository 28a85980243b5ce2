using ALOps.S2S.Emulator.Batching;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// OData JSON <c>$batch</c> on any environment API service root (<c>POST {serviceRoot}/$batch</c>; "Using OData
/// transactional $batch requests"). The batch request itself has been authenticated like a direct request; its inner
/// requests run as <see cref="JsonBatchRunner"/> runs them (each logged, faulted, rate limited and routed like a direct
/// request with the batch's Authorization). The answer is 200 <c>{"responses":[...]}</c> in request order. No
/// transactions: <c>Isolation</c> and <c>atomicityGroup</c> are ignored.
/// </summary>
public sealed class ODataBatchHandler(DirectoryStore store, JsonBatchRunner runner)
{
    public async Task HandleAsync(HttpContext context, EnvironmentApiPath target, BcCaller caller, BcEnvironment environment)
    {
        if (context.Request.ContentType is { } contentType && contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            throw ODataErrors.NotImplemented("multipart $batch requests (send the JSON format, Content-Type: application/json)");
        if (await runner.RunAsync(context, new ODataBatchDialect(store, context.Request, target, caller, environment)) is { } answer)
            await ODataResponseWriter.WriteAsync(context, 200, answer);
    }
}
