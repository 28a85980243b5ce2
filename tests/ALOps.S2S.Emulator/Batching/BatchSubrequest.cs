using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Control;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ALOps.S2S.Emulator.Batching;

/// <summary>
/// Runs one inner request of a JSON batch as a request of its own: a sub-<see cref="HttpContext"/> (method, path,
/// query, the request's headers plus the batch's Authorization, its body) through the host's pipeline
/// (<see cref="BatchPipeline"/>), then reads the answer back.
/// </summary>
public static class BatchSubrequest
{
    /// <returns>The answer; null when the inner request aborted its connection (a <c>drop</c> fault).</returns>
    public static async Task<BatchAnswer?> RunAsync(RequestDelegate pipeline, HttpContext batch, string batchId,
        BatchOperation operation, PathString path, QueryString query)
    {
        var lifetime = new Lifetime(batch.RequestAborted);
        var context = new DefaultHttpContext { RequestServices = batch.RequestServices };
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        context.Connection.RemoteIpAddress = batch.Connection.RemoteIpAddress;

        var request = context.Request;
        foreach (var (name, value) in operation.Headers) request.Headers[name] = value;
        request.Headers.ContentLength = null;
        request.Protocol = batch.Request.Protocol;
        request.Scheme = batch.Request.Scheme;
        request.Host = batch.Request.Host;
        request.Method = operation.Method;
        request.Path = path;
        request.QueryString = query;
        request.Headers.Authorization = batch.Request.Headers.Authorization;
        if (Body(operation.Body) is { } body)
        {
            request.Body = new MemoryStream(body);
            request.ContentLength = body.Length;
            if (string.IsNullOrEmpty(request.ContentType)) request.ContentType = "application/json";
        }

        using var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        RequestLog.AnnotateBatchOperation(context, batchId);
        await pipeline(context);
        if (lifetime.Aborted) return null;

        var headers = context.Response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        return new BatchAnswer(context.Response.StatusCode, headers, Answer(responseBody.ToArray()));
    }

    /// <summary>A JSON body is sent as its JSON text; a string as that text (OData's form for non-JSON media types).</summary>
    private static byte[]? Body(JsonNode? body) => body switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => Encoding.UTF8.GetBytes(text),
        _ => Encoding.UTF8.GetBytes(body.ToJsonString()),
    };

    private static JsonNode? Answer(byte[] body)
    {
        if (body.Length == 0) return null;
        var text = Encoding.UTF8.GetString(body);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    /// <summary>The inner request ends with the batch; its Abort() (a drop fault) is reported to the batch.</summary>
    private sealed class Lifetime(CancellationToken batchAborted) : IHttpRequestLifetimeFeature
    {
        public bool Aborted { get; private set; }

        public CancellationToken RequestAborted { get; set; } = batchAborted;

        public void Abort() => Aborted = true;
    }
}
