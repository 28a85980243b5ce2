using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.World;

/// <summary>An application object (app registration): the identity's definition and its credentials.</summary>
public sealed class AppRegistration
{
    public required Guid Id { get; init; }
    public required Guid AppId { get; init; }
    public required string DisplayName { get; set; }

    /// <summary>The tenant that owns the object (Microsoft Services for first-party apps).</summary>
    public required Guid OwnerTenantId { get; init; }

    public required DateTimeOffset CreatedDateTime { get; init; }

    /// <summary>Before this moment reads, service principal creation and the token endpoint do not see it.</summary>
    public required DateTimeOffset ReplicatedAt { get; init; }

    public string SignInAudience { get; set; } = "AzureADMyOrg";
    public bool? IsFallbackPublicClient { get; set; }
    public string? PublisherDomain { get; init; }
    public List<string> IdentifierUris { get; set; } = [];
    public List<RequiredResourceAccess> RequiredResourceAccess { get; set; } = [];
    public List<PasswordCredential> PasswordCredentials { get; } = [];
    public List<KeyCredential> KeyCredentials { get; set; } = [];
    public List<FederatedIdentityCredential> FederatedIdentityCredentials { get; } = [];
    public List<AppRole> AppRoles { get; set; } = [];
    public List<PermissionScope> PermissionScopes { get; set; } = [];

    /// <summary>Object ids of the owners (users or service principals); the creator becomes one.</summary>
    public List<Guid> Owners { get; } = [];

    /// <summary>Graph properties the emulator stores but does not interpret (web, info, notes, tags, ...).</summary>
    public JsonObject OtherProperties { get; set; } = new();

    public bool IsPublicClient => IsFallbackPublicClient == true;
}
