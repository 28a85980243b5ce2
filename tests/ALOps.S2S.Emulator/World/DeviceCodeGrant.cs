namespace ALOps.S2S.Emulator.World;

/// <summary>A pending device authorization (RFC 8628) and who approved it.</summary>
public sealed class DeviceCodeGrant
{
    public required string DeviceCode { get; init; }
    public required string UserCode { get; init; }
    public required Guid ClientId { get; init; }

    /// <summary>The tenant segment the client used (GUID, domain, <c>organizations</c> or <c>common</c>).</summary>
    public required string TenantSegment { get; init; }

    public required string Scope { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public string? ApprovedUser { get; set; }
    public bool Redeemed { get; set; }
}
