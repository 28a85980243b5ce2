using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// Writes <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c> (graph.error.json)
/// and the <c>request-id</c>/<c>client-request-id</c> headers Graph puts on every response.
/// </summary>
public static class GraphErrorWriter
{
    public static Task WriteAsync(HttpContext context, GraphException failure, DateTimeOffset now) =>
        GraphJson.WriteAsync(context, failure.StatusCode, Body(failure, RequestId(context), ClientRequestId(context), now));

    public static JsonObject Body(GraphException failure, string requestId, string clientRequestId, DateTimeOffset now)
    {
        var error = new JsonObject
        {
            ["code"] = failure.Code,
            ["message"] = failure.Message,
        };
        if (failure.Details is { } details) error["details"] = details.DeepClone();
        error["innerError"] = new JsonObject
        {
            ["date"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss"),
            ["request-id"] = requestId,
            ["client-request-id"] = clientRequestId,
        };
        return new JsonObject { ["error"] = error };
    }

    /// <summary>Graph's per-request id, also sent as the <c>request-id</c> header.</summary>
    public static string RequestId(HttpContext context)
    {
        const string key = "graph.request-id";
        if (context.Items[key] is not string id) context.Items[key] = id = Guid.NewGuid().ToString();
        return id;
    }

    /// <summary>The caller's <c>client-request-id</c>, or the request id when it sent none.</summary>
    public static string ClientRequestId(HttpContext context) =>
        context.Request.Headers["client-request-id"] is { Count: > 0 } sent ? sent.ToString() : RequestId(context);
}
