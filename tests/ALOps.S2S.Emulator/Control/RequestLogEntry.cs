using System.Text.Json.Serialization;

namespace ALOps.S2S.Emulator.Control;

/// <summary>
/// One request to an emulated service (<c>time</c>: when it was answered; <c>startedAt</c>: when it arrived). Never holds
/// a secret, an assertion, a token or an Authorization value. A JSON <c>$batch</c> (bc or graph) is logged with its <c>batchId</c> and
/// <c>operations</c> (inner request count); each inner request it ran is an entry of its own with <c>batch</c> = that id.
/// </summary>
public sealed record RequestLogEntry(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("clientId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClientId,
    [property: JsonPropertyName("grantType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GrantType,
    [property: JsonPropertyName("scope"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scope = null,
    [property: JsonPropertyName("fault"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Fault = null,
    [property: JsonPropertyName("tenant")] string Tenant = RequestTenant.None,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt = default,
    [property: JsonPropertyName("batch"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Batch = null,
    [property: JsonPropertyName("batchId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BatchId = null,
    [property: JsonPropertyName("operations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Operations = null);
