using System.Text.Json.Serialization;

namespace ALOps.S2S.Emulator.Control;

/// <summary>One request to an emulated service (<c>time</c>: when it was answered; <c>startedAt</c>: when it arrived). Never holds a secret, an assertion, a token or an Authorization value.</summary>
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
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt = default);
