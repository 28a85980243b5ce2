using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Who calls Business Central, from a validated access token: an app (<c>idtyp</c> app, its BC app roles) or a user
/// (its delegated scopes and directory role template ids, <c>wids</c>). <see cref="ObjectId"/> is the token's <c>oid</c>.
/// </summary>
public sealed record BcCaller(
    Tenant Tenant,
    Guid ClientAppId,
    Guid ObjectId,
    bool IsApp,
    IReadOnlySet<string> Roles,
    IReadOnlySet<Guid> DirectoryRoleTemplateIds)
{
    public bool HasRole(string role) => Roles.Contains(role);
}
