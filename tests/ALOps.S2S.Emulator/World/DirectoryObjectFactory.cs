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

    /// <param name="publisherName">The display name of the tenant that publishes the application.</param>
    public static ServicePrincipal NewServicePrincipal(AppRegistration application, string publisherName, DateTimeOffset now, DateTimeOffset replicatedAt, Guid? id = null,
        DateTimeOffset assignableAt = default) => new()
    {
        Id = id ?? Guid.NewGuid(),
        AppId = application.AppId,
        AssignableAt = assignableAt,
        DisplayName = application.DisplayName,
        AppOwnerOrganizationId = application.OwnerTenantId,
        CreatedDateTime = now,
        ReplicatedAt = replicatedAt,
        ServicePrincipalNames = [application.AppId.ToString(), .. application.IdentifierUris],
        AppRoles = [.. application.AppRoles],
        PermissionScopes = [.. application.PermissionScopes],
        SignInAudience = application.SignInAudience,
        PublisherName = publisherName,
    };

    public static AppRoleAssignment NewAppRoleAssignment(ServicePrincipal principal, ServicePrincipal resource, Guid appRoleId, DateTimeOffset now) =>
        NewAppRoleAssignment(principal.Id, "ServicePrincipal", principal.DisplayName, resource, appRoleId, now);

    /// <param name="principalType"><c>ServicePrincipal</c>, <c>User</c> or <c>Group</c>.</param>
    public static AppRoleAssignment NewAppRoleAssignment(Guid principalId, string principalType, string principalDisplayName,
        ServicePrincipal resource, Guid appRoleId, DateTimeOffset now) => new(
        Id: Base64Url.Encode(RandomNumberGenerator.GetBytes(32)),
        AppRoleId: appRoleId,
        PrincipalId: principalId,
        PrincipalType: principalType,
        PrincipalDisplayName: principalDisplayName,
        ResourceId: resource.Id,
        ResourceDisplayName: resource.DisplayName,
        CreatedDateTime: now);
}
