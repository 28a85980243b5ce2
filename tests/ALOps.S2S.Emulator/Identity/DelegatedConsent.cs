using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>The delegated scopes a user gets in a client for a resource: what consent (oauth2PermissionGrants) allows.</summary>
public static class DelegatedConsent
{
    public static IReadOnlyList<string> Resolve(Tenant tenant, AppRegistration client, ServicePrincipal resource, UserAccount user, ScopeRequest scope)
    {
        var clientSp = tenant.FindServicePrincipalByAppId(client.AppId);
        var granted = clientSp is null
            ? []
            : tenant.PermissionGrants
                .Where(g => g.ClientId == clientSp.Id && g.ResourceId == resource.Id && (g.PrincipalId is null || g.PrincipalId == user.Id))
                .SelectMany(g => g.Scopes)
                .Distinct(StringComparer.Ordinal)
                .ToList();

        if (scope.IsDefault)
        {
            if (granted.Count == 0) throw Aadsts.ConsentRequired(client.AppId, client.DisplayName);
            return granted;
        }

        var requested = scope.Permissions;
        if (requested.Count == 0) return granted.Count > 0 ? granted : throw Aadsts.ConsentRequired(client.AppId, client.DisplayName);
        var missing = requested.Where(r => !granted.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0) throw Aadsts.ConsentRequired(client.AppId, client.DisplayName);
        return granted.Where(g => requested.Contains(g, StringComparer.OrdinalIgnoreCase)).ToList();
    }
}
