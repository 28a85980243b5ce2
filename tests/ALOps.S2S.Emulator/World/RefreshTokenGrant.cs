namespace ALOps.S2S.Emulator.World;

/// <summary>What an issued refresh token stands for: a user's sign-in to a client, usable for any consented resource.</summary>
public sealed record RefreshTokenGrant(Guid TenantId, Guid UserId, Guid ClientId, DateTimeOffset ExpiresAt);
