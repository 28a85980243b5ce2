using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>Writes Graph JSON (OData minimal metadata) and the request id headers.</summary>
public static class GraphJson
{
    public const string ContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    public static Task WriteAsync(HttpContext context, int statusCode, JsonNode body)
    {
        AddRequestIds(context);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(body.ToJsonString(JsonResults.Options), context.RequestAborted);
    }

    public static void NoContent(HttpContext context)
    {
        AddRequestIds(context);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The service root the caller used, e.g. https://127.0.0.1:PORT/v1.0 (for @odata.context).</summary>
    public static string ServiceRoot(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host.Value}/v1.0";

    private static void AddRequestIds(HttpContext context)
    {
        context.Response.Headers["request-id"] = GraphErrorWriter.RequestId(context);
        context.Response.Headers["client-request-id"] = GraphErrorWriter.ClientRequestId(context);
    }
}
