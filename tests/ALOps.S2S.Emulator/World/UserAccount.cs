namespace ALOps.S2S.Emulator.World;

/// <summary>A member user with the directory roles that decide what it may do in Graph.</summary>
public sealed record UserAccount(Guid Id, string UserPrincipalName, string DisplayName, IReadOnlyList<DirectoryRole> DirectoryRoles)
{
    public bool HasAnyRole(params DirectoryRole[] roles) => DirectoryRoles.Any(roles.Contains);
}
