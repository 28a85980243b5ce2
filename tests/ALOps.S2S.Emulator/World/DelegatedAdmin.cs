namespace ALOps.S2S.Emulator.World;

/// <summary>
/// A partner's user with delegated admin access to a customer tenant (GDAP-like): <see cref="Account"/> carries the
/// user's own object id, UPN and name with the roles it holds in the customer tenant; <see cref="HomeTenantId"/> is
/// the tenant the user belongs to (its <c>idp</c>).
/// </summary>
public sealed record DelegatedAdmin(UserAccount Account, Guid HomeTenantId)
{
    /// <summary>The roles a delegated admin holds in the customer tenant unless its GDAP relationship names others.</summary>
    public static readonly IReadOnlyList<DirectoryRole> DefaultRoles = [DirectoryRole.GlobalAdministrator, DirectoryRole.BusinessCentralAdministrator];

    public static DelegatedAdmin For(UserAccount homeAccount, Guid homeTenantId, IReadOnlyList<DirectoryRole>? roles = null) =>
        new(homeAccount with { DirectoryRoles = roles ?? DefaultRoles }, homeTenantId);
}
