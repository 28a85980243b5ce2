using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Faults;

/// <summary>
/// Error bodies of a faulted answer, per host. Graph's 429 is the documented sample
/// (contract-samples/graph.throttled.json); Graph's 503/504 use the documented error envelope with the codes of
/// concepts/errors.md. Login and Business Central bodies are ASSUMPTIONS (plausible shapes; no literal sample is
/// documented): login answers the OAuth error envelope with <c>temporarily_unavailable</c>, BC the OData
/// <c>{"error":{"code","message"}}</c> envelope with a <c>TooManyRequests</c>-style code.
/// </summary>
public static class FaultBodies
{
    public static JsonObject For(string host, FaultKind kind, DateTimeOffset now, string requestId) => host switch
    {
        "graph" => Graph(kind, now, requestId),
        "bc" => BusinessCentral(kind, requestId),
        _ => Login(kind, now, requestId),
    };

    public static int StatusOf(FaultKind kind) => kind switch
    {
        FaultKind.Throttle => 429,
        FaultKind.Unavailable => 503,
        FaultKind.GatewayTimeout => 504,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static JsonObject Graph(FaultKind kind, DateTimeOffset now, string requestId)
    {
        var (code, message) = kind switch
        {
            FaultKind.Throttle => ("TooManyRequests", "Please retry again later."),
            FaultKind.Unavailable => ("serviceNotAvailable", "The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay."),
            _ => ("gatewayTimeout", "The server, while acting as a proxy, did not receive a timely response from the upstream server it needed to access in attempting to complete the request."),
        };
        var status = StatusOf(kind).ToString();
        return new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["innerError"] = new JsonObject
                {
                    ["code"] = status,
                    ["date"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss"),
                    ["message"] = "Please retry after",
                    ["request-id"] = requestId,
                    ["status"] = status,
                },
                ["message"] = message,
            },
        };
    }

    private static JsonObject BusinessCentral(FaultKind kind, string requestId)
    {
        var (code, message) = kind switch
        {
            FaultKind.Throttle => ("Application_TooManyRequests", "Too many requests. Retry after the time in the Retry-After header."),
            FaultKind.Unavailable => ("Internal_ServiceUnavailable", "The service is temporarily unavailable."),
            _ => ("Internal_GatewayTimeout", "The request timed out."),
        };
        return new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = code, ["message"] = $"{message}  CorrelationId:  {requestId}." },
        };
    }

    private static JsonObject Login(FaultKind kind, DateTimeOffset now, string requestId)
    {
        var description = kind == FaultKind.Throttle
            ? "The request was throttled. Retry after the time in the Retry-After header."
            : "The service is temporarily unavailable. Retry the request.";
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") + "Z";
        return new JsonObject
        {
            ["error"] = "temporarily_unavailable",
            ["error_description"] = $"{description}\r\nTrace ID: {requestId}\r\nCorrelation ID: {requestId}\r\nTimestamp: {timestamp}",
            ["error_codes"] = new JsonArray(),
            ["timestamp"] = timestamp,
            ["trace_id"] = requestId,
            ["correlation_id"] = requestId,
        };
    }
}
