using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// What an admin does on page 9860 "Microsoft Entra Applications" (and its card): add or change a row, set its State,
/// assign or remove permission sets (Access Control rows with Company empty), delete the row. The application user
/// is named after the Description (BCApps table 9012 "AAD Application": CreateApplicationRegistration(Description,
/// "Client Id")): "User Name" is a Code field, so upper case; "Full Name" (the API's displayName) keeps the
/// Description as typed. It mirrors the row's State. BC refuses SUPER for applications.
/// </summary>
public static class EntraApplicationRegistrar
{
    /// <summary>Creates or updates the row; permission sets are added to those the app user already holds.</summary>
    /// <returns>The row, and whether it was created.</returns>
    public static (EntraApplication Row, bool Created) Register(WorldState world, BcEnvironment environment, Guid clientId,
        string? description, string? state, IReadOnlyList<string> permissionSets)
    {
        if (string.IsNullOrWhiteSpace(description)) throw new ControlException(400, "description is required (it becomes the application user's name).");
        if (description.Length > EntraApplication.DescriptionMaxLength)
            throw new ControlException(400, $"description is longer than {EntraApplication.DescriptionMaxLength} characters.");
        var wantedState = NormalizeState(state ?? BcUser.Enabled);
        var sets = permissionSets.Select(roleId => ValidPermissionSet(environment, roleId)).ToList();

        var row = environment.FindEntraApplication(clientId);
        var clash = environment.FindUserByName(description);
        if (clash is not null && (row is null || clash.UserSecurityId != row.UserSecurityId))
            throw new ControlException(409, $"Environment '{environment.Name}' already has a user named '{description}'.");

        var created = row is null;
        row ??= AddRow(environment, clientId, description);
        row.Description = description;
        var user = EnsureUser(environment, row);
        foreach (var set in sets.Where(s => !environment.AccessControlOf(user.UserSecurityId).Any(a => a.RoleId == s.RoleId && a.CompanyName.Length == 0)))
        {
            environment.AccessControl.Add(new AccessControlEntry
            {
                Id = Guid.NewGuid(),
                UserSecurityId = user.UserSecurityId,
                RoleId = set.RoleId,
                AppId = set.AppId,
                SystemModifiedAt = world.Now,
            });
        }
        SetState(environment, row, wantedState);
        return (row, created);
    }

    /// <summary>Enabling creates the application user when it does not exist yet.</summary>
    public static void SetState(BcEnvironment environment, EntraApplication row, string? state)
    {
        row.State = NormalizeState(state);
        EnsureUser(environment, row).State = row.State;
    }

    /// <summary>Deleting the row deletes its application user (BCApps table 9012 "AAD Application": OnDelete → RemoveUser), and with it the user's Access Control rows.</summary>
    public static void Remove(BcEnvironment environment, EntraApplication row)
    {
        environment.EntraApplications.Remove(row);
        if (row.UserSecurityId is not { } userId) return;
        environment.Users.RemoveAll(u => u.UserSecurityId == userId);
        environment.AccessControl.RemoveAll(a => a.UserSecurityId == userId);
    }

    public static void RemovePermissionSet(BcEnvironment environment, EntraApplication row, string roleId)
    {
        var removed = row.UserSecurityId is { } userId
            ? environment.AccessControl.RemoveAll(a => a.UserSecurityId == userId && string.Equals(a.RoleId, roleId, StringComparison.OrdinalIgnoreCase))
            : 0;
        if (removed == 0) throw new ControlException(404, $"The app {row.ClientId} does not hold permission set '{roleId}' in '{environment.Name}'.");
    }

    private static EntraApplication AddRow(BcEnvironment environment, Guid clientId, string description)
    {
        var row = new EntraApplication { ClientId = clientId, Description = description };
        environment.EntraApplications.Add(row);
        return row;
    }

    /// <summary>Rows registered with permission sets get their user at once (the card's "initialize user" step).</summary>
    private static BcUser EnsureUser(BcEnvironment environment, EntraApplication row)
    {
        if (row.UserSecurityId is { } existing && environment.FindUser(existing) is { } user)
        {
            user.UserName = UserNameOf(row.Description);
            user.DisplayName = row.Description;
            return user;
        }
        user = new BcUser
        {
            UserSecurityId = Guid.NewGuid(),
            UserName = UserNameOf(row.Description),
            DisplayName = row.Description,
            State = row.State,
            ApplicationClientId = row.ClientId,
        };
        environment.Users.Add(user);
        row.UserSecurityId = user.UserSecurityId;
        return user;
    }

    /// <summary>"User Name" is Code[50]: BC stores it upper-cased.</summary>
    public static string UserNameOf(string text) => text.ToUpperInvariant();

    private static BcPermissionSet ValidPermissionSet(BcEnvironment environment, string roleId)
    {
        var set = environment.FindPermissionSet(roleId)
                  ?? throw new ControlException(400, $"Environment '{environment.Name}' has no permission set '{roleId}'.");
        return set.RoleId == StandardPermissionSets.Super
            ? throw new ControlException(400, "SUPER cannot be assigned to a Microsoft Entra application.")
            : set;
    }

    private static string NormalizeState(string? state) =>
        string.Equals(state, BcUser.Enabled, StringComparison.OrdinalIgnoreCase) ? BcUser.Enabled
        : string.Equals(state, BcUser.Disabled, StringComparison.OrdinalIgnoreCase) ? BcUser.Disabled
        : throw new ControlException(400, $"state must be Enabled or Disabled, not '{state}'.");
}
