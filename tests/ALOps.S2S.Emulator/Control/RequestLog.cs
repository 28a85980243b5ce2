using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ALOps.S2S.Emulator.Control;

/// <summary>The request log tests read through <c>GET /control/requests</c>.</summary>
public sealed class RequestLog
{
    private const int Capacity = 10_000;
    private const string ClientIdItem = "emulator.log.clientId";
    private const string GrantTypeItem = "emulator.log.grantType";
    private const string ScopeItem = "emulator.log.scope";
    private const string FaultItem = "emulator.log.fault";
    private const string BatchItem = "emulator.log.batch";
    private const string BatchIdItem = "emulator.log.batchId";
    private const string OperationsItem = "emulator.log.operations";

    private static readonly HashSet<string> SensitiveQueryKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "client_secret", "client_assertion", "assertion", "code", "device_code", "refresh_token", "access_token",
        "id_token", "token", "password", "secret", "secretText",
    };

    private readonly object _gate = new();
    private readonly LinkedList<RequestLogEntry> _entries = new();

    /// <summary>Lets an endpoint name the client and grant of the request being logged (values that are not secrets).</summary>
    public static void Annotate(HttpContext context, string? clientId, string? grantType)
    {
        if (!string.IsNullOrEmpty(clientId)) context.Items[ClientIdItem] = clientId;
        if (!string.IsNullOrEmpty(grantType)) context.Items[GrantTypeItem] = grantType;
    }

    /// <summary>Names the scope a token request asked for (not a secret).</summary>
    public static void AnnotateScope(HttpContext context, string? scope)
    {
        if (!string.IsNullOrEmpty(scope)) context.Items[ScopeItem] = scope;
    }

    /// <summary>Marks a request the fault middleware answered, delayed or dropped (Faults/).</summary>
    public static void AnnotateFault(HttpContext context, string kind) => context.Items[FaultItem] = kind;

    /// <summary>Marks a JSON <c>$batch</c> request (bc or graph): its id (a GUID) and the number of inner requests it holds.</summary>
    public static void AnnotateBatch(HttpContext context, string batchId, int operations)
    {
        context.Items[BatchIdItem] = batchId;
        context.Items[OperationsItem] = operations;
    }

    /// <summary>Marks an inner request of the <c>$batch</c> <paramref name="batchId"/>.</summary>
    public static void AnnotateBatchOperation(HttpContext context, string batchId) => context.Items[BatchItem] = batchId;

    /// <param name="startedAt">When the request arrived; <paramref name="time"/> is when it was answered.</param>
    public void Record(HttpContext context, string host, DateTimeOffset startedAt, DateTimeOffset time)
    {
        var entry = new RequestLogEntry(
            time,
            host,
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            RedactQuery(context.Request.QueryString),
            context.Response.StatusCode,
            context.Items[ClientIdItem] as string,
            context.Items[GrantTypeItem] as string,
            context.Items[ScopeItem] as string,
            context.Items[FaultItem] as string,
            RequestTenant.Of(context),
            startedAt,
            context.Items[BatchItem] as string,
            context.Items[BatchIdItem] as string,
            context.Items[OperationsItem] as int?);
        lock (_gate)
        {
            _entries.AddLast(entry);
            if (_entries.Count > Capacity) _entries.RemoveFirst();
        }
    }

    public IReadOnlyList<RequestLogEntry> Snapshot()
    {
        lock (_gate) return _entries.ToList();
    }

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    private static string RedactQuery(QueryString query)
    {
        if (!query.HasValue) return "";
        var parts = QueryHelpers.ParseQuery(query.Value).SelectMany(pair => pair.Value.Select(value =>
            KeyValuePair.Create(pair.Key, SensitiveQueryKeys.Contains(pair.Key) ? "[redacted]" : value)));
        return QueryString.Create(parts).Value ?? "";
    }
}
