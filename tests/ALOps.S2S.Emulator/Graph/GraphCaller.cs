using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// Who calls Graph, from the validated access token: an app (roles) or a user (scopes and directory roles).
/// <c>PrincipalId</c> is the calling service principal or user; <c>ClientAppId</c> the token's <c>appid</c>.
/// </summary>
public sealed record GraphCaller(
    Tenant Tenant,
    string? ClientAppId,
    Guid PrincipalId,
    UserAccount? User,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> Scopes)
{
    public bool IsApp => User is null;

    public bool HasRole(params string[] roles) => roles.Any(Roles.Contains);

    public bool HasScope(params string[] scopes) => scopes.Any(Scopes.Contains);

    public bool HasDirectoryRole(params DirectoryRole[] roles) => User is not null && User.HasAnyRole(roles);
}
