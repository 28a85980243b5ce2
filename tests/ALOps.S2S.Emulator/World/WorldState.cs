using System.Security.Cryptography;
using System.Text;

namespace ALOps.S2S.Emulator.World;

/// <summary>Everything the emulated services know. Only touched inside <see cref="DirectoryStore.Run{T}"/>.</summary>
public sealed class WorldState
{
    private readonly TimeProvider _clock;

    public WorldState(TimeProvider clock) => _clock = clock;

    public DateTimeOffset Now => _clock.GetUtcNow();
    public List<Tenant> Tenants { get; } = [];

    /// <summary>First-party application objects (Microsoft Services tenant): never listed by a customer's Graph.</summary>
    public List<AppRegistration> FirstPartyApplications { get; } = [];

    public EmulatorSettings Settings { get; set; } = new();
    public Dictionary<string, DeviceCodeGrant> DeviceCodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Keyed by a hash of the refresh token, so the token itself is never stored.</summary>
    public Dictionary<string, RefreshTokenGrant> RefreshTokens { get; } = new(StringComparer.Ordinal);

    public bool IsReplicated(DateTimeOffset replicatedAt) => Now >= replicatedAt;

    /// <summary>When an object created now becomes visible, given the replication delay setting.</summary>
    public DateTimeOffset ReplicationDeadline() => Now.AddSeconds(Settings.ReplicationDelaySeconds);

    public Tenant? FindTenant(string identifier) => Tenants.FirstOrDefault(t => t.IsNamedBy(identifier));

    public Tenant? FindTenantOfUser(string userPrincipalName)
    {
        var at = userPrincipalName.LastIndexOf('@');
        return at < 0 ? null : FindTenant(userPrincipalName[(at + 1)..]);
    }

    /// <summary>The tenant a user is a member of (its home tenant), by object id.</summary>
    public Tenant? FindHomeTenantOfUser(Guid userId) => Tenants.FirstOrDefault(t => t.Users.Any(u => u.Id == userId));

    /// <summary>The application object behind a service principal, wherever it lives (own tenant, other tenant, first party).</summary>
    public AppRegistration? FindApplicationByAppId(Guid appId) =>
        FirstPartyApplications.FirstOrDefault(a => a.AppId == appId) ??
        Tenants.SelectMany(t => t.Applications).FirstOrDefault(a => a.AppId == appId);

    public static string HashToken(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
