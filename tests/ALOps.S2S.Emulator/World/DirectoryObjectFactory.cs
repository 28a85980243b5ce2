using System.Security.Cryptography;
using ALOps.S2S.Emulator.Tokens;

namespace ALOps.S2S.Emulator.World;

/// <summary>Creates directory objects the way Entra fills them in (shared by the seed, the control API and Graph).</summary>
public static class DirectoryObjectFactory
{
    public static AppRegistration NewApplication(Tenant owner, string displayName, DateTimeOffset now, DateTimeOffset replicatedAt, Guid? appId = null) => new()
    {
        Id = Guid.NewGuid(),
        AppId = appId ?? Guid.NewGuid(),
        DisplayName = displayName,
        OwnerTenantId = owner.Id,
        CreatedDateTime = now,
        ReplicatedAt = replicatedAt,
        PublisherDomain = owner.InitialDomain,
    };

    public static ServicePrincipal NewServicePrincipal(AppRegistration application, DateTimeOffset now, DateTimeOffset replicatedAt, Guid? id = null) => new()
    {
        Id = id ?? Guid.NewGuid(),
        AppId = application.AppId,
        DisplayName = application.DisplayName,
        AppOwnerOrganizationId = application.OwnerTenantId,
        CreatedDateTime = now,
        ReplicatedAt = replicatedAt,
        ServicePrincipalNames = [application.AppId.ToString(), .. application.IdentifierUris],
        AppRoles = [.. application.AppRoles],
        PermissionScopes = [.. application.PermissionScopes],
        SignInAudience = application.SignInAudience,
        PublisherName = application.OwnerTenantId == WellKnown.MicrosoftServicesTenantId ? "Microsoft Services" : null,
    };

    public static AppRoleAssignment NewAppRoleAssignment(ServicePrincipal principal, ServicePrincipal resource, Guid appRoleId, DateTimeOffset now) => new(
        Id: Base64Url.Encode(RandomNumberGenerator.GetBytes(32)),
        AppRoleId: appRoleId,
        PrincipalId: principal.Id,
        PrincipalType: "ServicePrincipal",
        PrincipalDisplayName: principal.DisplayName,
        ResourceId: resource.Id,
        ResourceDisplayName: resource.DisplayName,
        CreatedDateTime: now);
}
