using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>Finds the resource service principal a scope targets in the tenant.</summary>
public static class ResourceResolver
{
    public static ServicePrincipal Resolve(WorldState world, Tenant tenant, ScopeRequest scope)
    {
        var resource = tenant.ServicePrincipals.FirstOrDefault(sp => sp.IsNamedBy(scope.Resource) && world.IsReplicated(sp.ReplicatedAt));
        if (resource is not null) return resource;

        // A resource that exists somewhere (a first-party API such as Business Central) is "not found in the tenant";
        // a name nothing answers to is an invalid scope.
        var knownElsewhere = world.FirstPartyApplications.Any(a => a.IdentifierUris.Any(u => Same(u, scope.Resource)) || Same(a.AppId.ToString(), scope.Resource)) ||
                             world.Tenants.SelectMany(t => t.ServicePrincipals).Any(sp => sp.IsNamedBy(scope.Resource));
        if (knownElsewhere) throw Aadsts.ResourceNotFound(scope.Resource, tenant.InitialDomain);
        throw Aadsts.InvalidScope(scope.Raw);
    }

    /// <summary>The <c>aud</c> of tokens for the resource: the identifier as requested, without a trailing slash.</summary>
    public static string Audience(ScopeRequest scope) => scope.Resource.TrimEnd('/');

    private static bool Same(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
