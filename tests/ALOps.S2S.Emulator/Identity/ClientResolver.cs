using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>Finds the client application and its service principal in the tenant, honouring replication delay.</summary>
public static class ClientResolver
{
    public static (AppRegistration Application, ServicePrincipal? ServicePrincipal) Resolve(WorldState world, Tenant tenant, string clientId)
    {
        if (!Guid.TryParse(clientId, out var appId)) throw Aadsts.ClientNotFound(clientId, tenant.DisplayName);

        var application = world.FindApplicationByAppId(appId);
        if (application is null || !world.IsReplicated(application.ReplicatedAt)) throw Aadsts.ClientNotFound(clientId, tenant.DisplayName);

        var servicePrincipal = tenant.FindServicePrincipalByAppId(appId);
        if (servicePrincipal is not null && !world.IsReplicated(servicePrincipal.ReplicatedAt)) servicePrincipal = null;
        // An app of another tenant is only known here through its service principal (multi-tenant consent).
        if (servicePrincipal is null && application.OwnerTenantId != tenant.Id) throw Aadsts.ClientNotFound(clientId, tenant.DisplayName);
        return (application, servicePrincipal);
    }
}
