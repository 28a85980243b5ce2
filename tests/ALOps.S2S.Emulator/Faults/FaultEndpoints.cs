using System.Text.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ALOps.S2S.Emulator.Faults;

/// <summary><c>PUT|GET|DELETE /control/faults</c> (CONTRACT.md "Faults").</summary>
public static class FaultEndpoints
{
    private static readonly string[] Hosts = ["login", "graph", "bc", "msi", "any"];

    public static void MapFaults(this IEndpointRouteBuilder app)
    {
        var faults = app.MapGroup("/control/faults");

        faults.MapGet("", (FaultTable table, DirectoryStore store) => Answer(table, store));

        faults.MapPut("", async (HttpContext context, FaultTable table, DirectoryStore store) =>
        {
            var body = await ControlEndpoints.ReadAsync<JsonNode>(context);
            var specs = body switch
            {
                JsonArray array => array.Select(Parse).ToList(),
                JsonObject single => [Parse(single)],
                _ => throw new ControlException(400, "A fault object or an array of them is required."),
            };
            var now = store.Clock.GetUtcNow();
            table.Replace(specs.Select(s => s.ToRule(now)));
            return Answer(table, store);
        });

        faults.MapDelete("", (FaultTable table) =>
        {
            table.Clear();
            return Results.NoContent();
        });
    }

    private static IResult Answer(FaultTable table, DirectoryStore store) =>
        Results.Json(table.Snapshot(store.Clock.GetUtcNow()), JsonResults.Options);

    private static FaultSpec Parse(JsonNode? node)
    {
        if (node is not JsonObject obj) throw new ControlException(400, "Each fault must be a JSON object.");
        FaultSpec spec;
        try
        {
            spec = obj.Deserialize<FaultSpec>(JsonResults.Options) ?? throw new ControlException(400, "A fault object is required.");
        }
        catch (JsonException e)
        {
            throw new ControlException(400, $"Invalid fault: {e.Message}");
        }
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            { "host", "pathContains", "method", "kind", "count", "durationSeconds", "retryAfterSeconds", "latencyMs", "requestsPerSecond" };
        var unknown = obj.Select(p => p.Key).FirstOrDefault(k => !known.Contains(k));
        if (unknown != null) throw new ControlException(400, $"Unknown fault property '{unknown}'.");
        spec.Validate();
        return spec;
    }

    private sealed record FaultSpec(string? Host, string? PathContains, string? Method, string? Kind, int? Count,
        double? DurationSeconds, int? RetryAfterSeconds, int? LatencyMs, double? RequestsPerSecond)
    {
        public FaultKind ParsedKind => Enum.Parse<FaultKind>(Kind!, ignoreCase: true);

        public void Validate()
        {
            var host = Host ?? "any";
            if (!Hosts.Contains(host, StringComparer.OrdinalIgnoreCase))
                throw new ControlException(400, $"host must be one of {string.Join(", ", Hosts)}.");
            if (string.IsNullOrEmpty(Kind) || !Enum.TryParse<FaultKind>(Kind, ignoreCase: true, out _) || int.TryParse(Kind, out _))
                throw new ControlException(400, "kind must be one of throttle, unavailable, gatewayTimeout, drop, latency, rateLimit.");
            if (Count is < 1) throw new ControlException(400, "count must be at least 1.");
            if (DurationSeconds is <= 0) throw new ControlException(400, "durationSeconds must be positive.");
            if (RetryAfterSeconds is < 0) throw new ControlException(400, "retryAfterSeconds must not be negative.");
            if (LatencyMs is < 0) throw new ControlException(400, "latencyMs must not be negative.");
            if (ParsedKind == FaultKind.RateLimit)
            {
                if (RequestsPerSecond is not > 0 || double.IsInfinity(RequestsPerSecond.Value))
                    throw new ControlException(400, "rateLimit needs requestsPerSecond > 0.");
                if (Count is not null) throw new ControlException(400, "rateLimit takes durationSeconds, not count.");
            }
            else if (RequestsPerSecond is not null)
            {
                throw new ControlException(400, "requestsPerSecond is only for kind rateLimit.");
            }
        }

        public FaultRule ToRule(DateTimeOffset now) => new()
        {
            Host = (Host ?? "any").ToLowerInvariant(),
            PathContains = PathContains,
            Method = Method?.ToUpperInvariant(),
            Kind = ParsedKind,
            Count = Count,
            ExpiresAt = DurationSeconds is { } d ? now.AddSeconds(d) : null,
            RetryAfterSeconds = RetryAfterSeconds ?? FaultRule.DefaultRetryAfterSeconds,
            LatencyMs = LatencyMs ?? FaultRule.DefaultLatencyMs,
            RequestsPerSecond = ParsedKind == FaultKind.RateLimit ? RequestsPerSecond : null,
        };
    }
}
