namespace ALOps.S2S.Emulator.World;

/// <summary>Trust in an external identity provider's tokens: issuer and subject match exactly (case-sensitive).</summary>
public sealed record FederatedIdentityCredential(Guid Id, string Name, string Issuer, string Subject, IReadOnlyList<string> Audiences, string? Description);
