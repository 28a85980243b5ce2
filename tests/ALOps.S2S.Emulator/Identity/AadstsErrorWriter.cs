using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>Writes the identity platform error body (entra.error.json shape) with fresh trace and correlation ids.</summary>
public static class AadstsErrorWriter
{
    public static Task WriteAsync(HttpContext context, AadstsError error, DateTimeOffset now)
    {
        var traceId = Guid.NewGuid().ToString();
        // Entra reports the client's client-request-id as the correlation id.
        var correlationId = Guid.TryParse(context.Request.Headers["client-request-id"], out var clientRequestId)
            ? clientRequestId.ToString()
            : Guid.NewGuid().ToString();
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") + "Z";

        var body = new JsonObject
        {
            ["error"] = error.Error,
            ["error_description"] = $"AADSTS{error.Code}: {error.Message}\r\nTrace ID: {traceId}\r\nCorrelation ID: {correlationId}\r\nTimestamp: {timestamp}",
            ["error_codes"] = new JsonArray(error.Code),
            ["timestamp"] = timestamp,
            ["trace_id"] = traceId,
            ["correlation_id"] = correlationId,
            ["error_uri"] = $"https://login.microsoftonline.com/error?code={error.Code}",
        };
        context.Response.Headers["x-ms-request-id"] = traceId;
        return JsonResults.WriteAsync(context, error.StatusCode, body);
    }
}
