using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.World;

/// <summary>The instance of an application (or a managed identity) in one tenant: what tokens and role grants refer to.</summary>
public sealed class ServicePrincipal
{
    public required Guid Id { get; init; }
    public required Guid AppId { get; init; }
    public required string DisplayName { get; set; }
    public required Guid AppOwnerOrganizationId { get; init; }
    public required DateTimeOffset CreatedDateTime { get; init; }
    public required DateTimeOffset ReplicatedAt { get; init; }

    /// <summary>Until then Graph refuses it as principalId of an app role assignment (setting newPrincipalDelaySeconds); seeded ones at once.</summary>
    public DateTimeOffset AssignableAt { get; init; }

    /// <summary><c>Application</c> or <c>ManagedIdentity</c>.</summary>
    public string ServicePrincipalType { get; init; } = "Application";
    public bool AccountEnabled { get; set; } = true;
    public bool AppRoleAssignmentRequired { get; set; }
    public List<string> ServicePrincipalNames { get; set; } = [];
    public List<AppRole> AppRoles { get; set; } = [];
    public List<PermissionScope> PermissionScopes { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public string? PublisherName { get; init; }
    public List<Guid> Owners { get; } = [];
    public string SignInAudience { get; init; } = "AzureADMyOrg";
    public JsonObject OtherProperties { get; set; } = new();

    /// <summary>True when <paramref name="identifier"/> (App ID URI or appId, trailing slash ignored) names this principal.</summary>
    public bool IsNamedBy(string identifier)
    {
        var wanted = identifier.TrimEnd('/');
        return string.Equals(AppId.ToString(), wanted, StringComparison.OrdinalIgnoreCase) ||
               ServicePrincipalNames.Any(n => string.Equals(n.TrimEnd('/'), wanted, StringComparison.OrdinalIgnoreCase));
    }
}
