using System.Text.Json.Serialization;

namespace ALOps.S2S.Emulator.World;

/// <summary>Behaviour switches tests change through <c>PATCH /control/settings</c>; reset restores these defaults.</summary>
public sealed record EmulatorSettings
{
    /// <summary>Seconds during which a new app, service principal or secret is invisible (Entra replication).</summary>
    public int ReplicationDelaySeconds { get; init; }

    /// <summary>
    /// Seconds after an app role assignment before app tokens carry its role (Entra evaluates new role assignments
    /// lazily; a token issued at once can lack the role). 0: at once.
    /// </summary>
    public int RoleReplicationDelaySeconds { get; init; }

    /// <summary>
    /// Seconds during which a service principal created through Graph is refused as <c>principalId</c> of an app role
    /// assignment (400 "Invalid value specified for property 'principalId'…"), as Graph answers right after creating one.
    /// </summary>
    public int NewPrincipalDelaySeconds { get; init; }

    public bool DeviceCodeAutoApprove { get; init; } = true;
    public string DeviceCodeUser { get; init; } = "admin@contoso.onmicrosoft.com";
    /// <summary>The admin who accepts on the <c>adminconsent</c> page at once; null: the page waits for the control call.</summary>
    public string? AdminConsentUser { get; init; }

    public int DeviceCodeIntervalSeconds { get; init; } = 1;
    public int DeviceCodeLifetimeSeconds { get; init; } = 900;
    public int TokenLifetimeSeconds { get; init; } = 3600;
    public int RefreshTokenLifetimeSeconds { get; init; } = 90 * 24 * 3600;

    /// <summary>The tenant's "Users can register applications" switch; off, only admin roles and Application Developer can.</summary>
    public bool UsersCanRegisterApplications { get; init; }

    /// <summary>BC environment APIs answer OData JSON <c>$batch</c>; off, <c>POST …/$batch</c> is an unknown route (404).</summary>
    [JsonPropertyName("odataBatch")] public bool ODataBatch { get; init; } = true;

    /// <summary>BC automation users accept <c>$expand=userPermissions</c>; off, <c>$expand</c> is 501 like other query options.</summary>
    [JsonPropertyName("odataExpand")] public bool ODataExpand { get; init; } = true;

    /// <summary>Graph answers JSON batching (<c>POST /v1.0/$batch</c>); off, that is a 404 (a Graph without it).</summary>
    [JsonPropertyName("graphBatch")] public bool GraphBatch { get; init; } = true;

    /// <summary>
    /// The newest Admin Center API version served (e.g. <c>v2.20</c>, an older service); newer ones answer 404
    /// <c>UnsupportedApiVersion</c> (UNCONFIRMED, see CONTRACT.md). Null: every v2.N.
    /// </summary>
    public string? AdminCenterLatestApiVersion { get; init; }
}
