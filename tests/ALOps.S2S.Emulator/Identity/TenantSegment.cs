using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>Resolves the <c>{tenant}</c> path segment: a tenant GUID, any verified domain, or a multi-tenant alias.</summary>
public static class TenantSegment
{
    private static readonly string[] MultiTenantAliases = ["common", "organizations", "consumers"];

    public static bool IsMultiTenantAlias(string segment) => MultiTenantAliases.Contains(segment, StringComparer.OrdinalIgnoreCase);

    /// <summary>The tenant, or null for <c>common</c>/<c>organizations</c> when <paramref name="allowMultiTenant"/> (user flows).</summary>
    public static Tenant? Resolve(WorldState world, string segment, bool allowMultiTenant)
    {
        if (IsMultiTenantAlias(segment))
            return allowMultiTenant ? null : throw Aadsts.GrantNotSupportedOnCommonEndpoint(segment);
        if (!Guid.TryParse(segment, out _) && !segment.Contains('.'))
            throw Aadsts.InvalidTenantIdentifier(segment);
        return world.FindTenant(segment) ?? throw Aadsts.TenantNotFound(segment);
    }
}
