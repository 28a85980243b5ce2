using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// What an admin does by hand in an environment besides page 9860: add a user (e.g. a person whose full name equals an
/// app's description), give a user a permission set, copy a permission set under the same role id in another scope.
/// </summary>
public static class EnvironmentTables
{
    public static BcUser AddUser(WorldState world, BcEnvironment environment, EnvironmentUserRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || request.UserName.Length > EntraApplication.DescriptionMaxLength)
            throw new ControlException(400, $"userName is required and has at most {EntraApplication.DescriptionMaxLength} characters.");
        var userName = EntraApplicationRegistrar.UserNameOf(request.UserName);
        if (environment.FindUserByName(userName) is not null)
            throw new ControlException(409, $"Environment '{environment.Name}' already has a user named '{userName}'.");
        var state = request.State is null || string.Equals(request.State, BcUser.Enabled, StringComparison.OrdinalIgnoreCase) ? BcUser.Enabled
            : string.Equals(request.State, BcUser.Disabled, StringComparison.OrdinalIgnoreCase) ? BcUser.Disabled
            : throw new ControlException(400, $"state must be Enabled or Disabled, not '{request.State}'.");
        var sets = (request.PermissionSets ?? []).Select(r => environment.FindPermissionSet(r)
            ?? throw new ControlException(400, $"Environment '{environment.Name}' has no permission set '{r}'.")).ToList();
        var user = new BcUser
        {
            UserSecurityId = Guid.NewGuid(),
            UserName = userName,
            DisplayName = request.DisplayName ?? request.UserName,
            ContactEmail = request.ContactEmail ?? "",
            State = state,
        };
        environment.Users.Add(user);
        foreach (var set in sets) Grant(world, environment, user, set);
        return user;
    }

    /// <summary>An Access Control row (Company empty) for a set the user does not hold yet; 409 when held.</summary>
    public static void Grant(WorldState world, BcEnvironment environment, BcUser user, BcPermissionSet set)
    {
        if (environment.AccessControlOf(user.UserSecurityId).Any(a => a.RoleId == set.RoleId && a.AppId == set.AppId && a.Scope == set.Scope && a.CompanyName.Length == 0))
            throw new ControlException(409, $"User '{user.UserName}' already holds permission set '{set.RoleId}'.");
        environment.AccessControl.Add(new AccessControlEntry
        {
            Id = Guid.NewGuid(),
            UserSecurityId = user.UserSecurityId,
            RoleId = set.RoleId,
            Scope = set.Scope,
            AppId = set.AppId,
            SystemModifiedAt = world.Now,
        });
    }

    /// <summary>
    /// Another row of "Aggregate Permission Set": role ids are unique only together with App ID and Scope, so a tenant
    /// copy of a system set shares its role id (BCApps page 30059 "APIV2 - Aut. User Permissions" refuses such a role
    /// id without appId/scope: "defined multiple times in this context").
    /// </summary>
    public static BcPermissionSet AddPermissionSet(BcEnvironment environment, PermissionSetRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.RoleId) || request.RoleId.Length > 20)
            throw new ControlException(400, "roleId is required and has at most 20 characters.");
        var scope = string.Equals(request.Scope, "System", StringComparison.OrdinalIgnoreCase) ? "System"
            : request.Scope is null || string.Equals(request.Scope, "Tenant", StringComparison.OrdinalIgnoreCase) ? "Tenant"
            : throw new ControlException(400, $"scope must be System or Tenant, not '{request.Scope}'.");
        var appId = request.AppId is null ? Guid.Empty
            : Guid.TryParse(request.AppId, out var parsed) ? parsed : throw new ControlException(400, $"appId must be a GUID, not '{request.AppId}'.");
        var roleId = request.RoleId.ToUpperInvariant();
        if (environment.PermissionSets.Any(p => p.RoleId == roleId && p.AppId == appId && p.Scope == scope))
            throw new ControlException(409, $"Environment '{environment.Name}' already has permission set '{roleId}' ({scope}, app {appId}).");
        var set = new BcPermissionSet(roleId, request.DisplayName ?? roleId, appId, request.ExtensionName ?? "", scope);
        environment.PermissionSets.Add(set);
        return set;
    }
}
