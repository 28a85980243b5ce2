using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// A v2.0 <c>scope</c> parameter split into the one resource it targets (e.g. <c>https://graph.microsoft.com</c>),
/// that resource's permission values (<c>.default</c>, <c>User.Read</c>) and the OpenID Connect scopes.
/// </summary>
public sealed record ScopeRequest(string Raw, string Resource, IReadOnlyList<string> Permissions, IReadOnlyList<string> OpenIdScopes)
{
    public const string DefaultPermission = ".default";
    private static readonly string[] OpenIdScopeNames = ["openid", "profile", "offline_access", "email"];

    public bool IsDefault => Permissions.Contains(DefaultPermission, StringComparer.OrdinalIgnoreCase);
    public bool WantsIdToken => OpenIdScopes.Contains("openid");
    public bool WantsRefreshToken => OpenIdScopes.Contains("offline_access");

    public static ScopeRequest Parse(string scope)
    {
        var openId = new List<string>();
        var resources = new List<string>();
        var permissions = new List<string>();
        foreach (var item in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (OpenIdScopeNames.Contains(item, StringComparer.OrdinalIgnoreCase))
            {
                openId.Add(item.ToLowerInvariant());
                continue;
            }
            var (resource, permission) = SplitResourceScope(item);
            resources.Add(resource);
            permissions.Add(permission);
        }

        var distinct = resources.Select(r => r.TrimEnd('/')).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count > 1) throw Aadsts.MultipleResources(scope);
        // Only OpenID Connect scopes: the token is for Microsoft Graph (as Entra does).
        var target = distinct.Count == 1 ? distinct[0] : WellKnown.MicrosoftGraphResource;
        return new ScopeRequest(scope, target, permissions, openId);
    }

    /// <summary>"https://host/path/.default" → ("https://host/path", ".default"); "User.Read" → (Graph, "User.Read").</summary>
    private static (string Resource, string Permission) SplitResourceScope(string item)
    {
        var slash = item.LastIndexOf('/');
        if (slash < 0) return (WellKnown.MicrosoftGraphResource, item);

        var schemeEnd = item.IndexOf("://", StringComparison.Ordinal);
        var hasHost = schemeEnd < 0 ? slash > 0 : slash > schemeEnd + 3;
        var permission = item[(slash + 1)..];
        if (!hasHost || permission.Length == 0) throw Aadsts.InvalidScope(item);
        return (item[..slash], permission);
    }
}
