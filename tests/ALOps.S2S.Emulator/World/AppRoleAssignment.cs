namespace ALOps.S2S.Emulator.World;

/// <summary>An app role granted to a principal on a resource service principal (admin consent for an application permission).</summary>
public sealed record AppRoleAssignment(
    string Id,
    Guid AppRoleId,
    Guid PrincipalId,
    string PrincipalType,
    string PrincipalDisplayName,
    Guid ResourceId,
    string ResourceDisplayName,
    DateTimeOffset CreatedDateTime);
