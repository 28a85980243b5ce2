using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>Finds objects addressed in a Graph URL (by object id or by <c>appId=</c> alternate key) that have replicated.</summary>
public static class DirectoryLookup
{
    public static AppRegistration Application(GraphRequest request, string key) =>
        request.Tenant.Applications.FirstOrDefault(a => Matches(key, a.Id, a.AppId) && request.World.IsReplicated(a.ReplicatedAt))
        ?? throw GraphErrors.NotFound(Display(key));

    /// <summary>
    /// An application addressed for a write by its object id: the id the create answer returned. Entra's guidance is to
    /// trust write answers and use their ids, so such writes are not blocked by replication (reads are).
    /// </summary>
    public static AppRegistration ApplicationForWrite(GraphRequest request, string key) =>
        Guid.TryParse(key, out var id) && request.Tenant.Applications.FirstOrDefault(a => a.Id == id) is { } created
            ? created
            : Application(request, key);

    public static ServicePrincipal ServicePrincipal(GraphRequest request, string key) =>
        request.Tenant.ServicePrincipals.FirstOrDefault(sp => Matches(key, sp.Id, sp.AppId) && request.World.IsReplicated(sp.ReplicatedAt))
        ?? throw GraphErrors.NotFound(Display(key));

    public static ServicePrincipal? ServicePrincipalById(GraphRequest request, Guid id) =>
        request.Tenant.ServicePrincipals.FirstOrDefault(sp => sp.Id == id && request.World.IsReplicated(sp.ReplicatedAt));

    /// <summary>Visible applications of the caller's tenant.</summary>
    public static IEnumerable<AppRegistration> Applications(GraphRequest request) =>
        request.Tenant.Applications.Where(a => request.World.IsReplicated(a.ReplicatedAt));

    public static IEnumerable<ServicePrincipal> ServicePrincipals(GraphRequest request) =>
        request.Tenant.ServicePrincipals.Where(sp => request.World.IsReplicated(sp.ReplicatedAt));

    /// <summary>The application object behind a service principal (own tenant, another tenant or first party).</summary>
    public static AppRegistration? BackingApplication(GraphRequest request, ServicePrincipal sp) => request.World.FindApplicationByAppId(sp.AppId);

    /// <summary>Removes a service principal with its app role assignments and delegated grants.</summary>
    public static void RemoveServicePrincipal(Tenant tenant, ServicePrincipal sp)
    {
        tenant.ServicePrincipals.Remove(sp);
        tenant.AppRoleAssignments.RemoveAll(a => a.PrincipalId == sp.Id || a.ResourceId == sp.Id);
        tenant.PermissionGrants.RemoveAll(g => g.ClientId == sp.Id || g.ResourceId == sp.Id);
    }

    private static bool Matches(string key, Guid id, Guid appId) =>
        key.StartsWith(GraphPath.AppIdKeyPrefix, StringComparison.Ordinal)
            ? Guid.TryParse(key[GraphPath.AppIdKeyPrefix.Length..], out var wantedAppId) && wantedAppId == appId
            : Guid.TryParse(key, out var wantedId) && wantedId == id;

    private static string Display(string key) =>
        key.StartsWith(GraphPath.AppIdKeyPrefix, StringComparison.Ordinal) ? key[GraphPath.AppIdKeyPrefix.Length..] : key;
}
