using System.Text.RegularExpressions;

namespace ALOps.S2S.Emulator.Recording;

/// <summary>What a recording must never carry in clear, shared by the redactor and the scan.</summary>
public static partial class RecordingPatterns
{
    /// <summary>GUIDs that identify no tenant: Microsoft's resource apps, the module's public client, Microsoft's own tenant.</summary>
    public static readonly IReadOnlySet<string> WellKnownGuids = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "00000000-0000-0000-0000-000000000000",
        "00000003-0000-0000-c000-000000000000", // Microsoft Graph
        "996def3d-b36c-4153-8607-a6fd3c01b89f", // Dynamics 365 Business Central
        "1950a258-227b-4e31-a9cf-717495945fc2", // the module's default public client (Microsoft Azure PowerShell)
        "f8cdef31-a31e-4b4a-93e4-5f571e91255a", // Microsoft Services tenant (appOwnerOrganizationId of Microsoft's apps)
    };

    /// <summary>JSON members whose GUIDs are Microsoft's global permission ids (app roles, scopes), not tenant objects.</summary>
    public static readonly IReadOnlySet<string> PermissionIdArrays = new HashSet<string>(StringComparer.Ordinal) { "appRoles", "oauth2PermissionScopes", "resourceAccess" };

    public static readonly IReadOnlySet<string> PermissionIdMembers = new HashSet<string>(StringComparer.Ordinal) { "appRoleId", "resourceAppId" };

    /// <summary>True for a member that holds a permission id: <paramref name="name"/> inside an item of the array <paramref name="array"/>.</summary>
    public static bool IsPermissionId(string name, string? array) =>
        PermissionIdMembers.Contains(name) || (array is not null && PermissionIdArrays.Contains(array) && name == "id");

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")]
    public static partial Regex Jwt();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    public static partial Regex Email();

    [GeneratedRegex(@"[A-Za-z0-9-]+\.onmicrosoft\.(com|us|de|cn)", RegexOptions.IgnoreCase)]
    public static partial Regex TenantDomain();

    [GeneratedRegex(@"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")]
    public static partial Regex Guid();

    [GeneratedRegex(@"Bearer\s+(?!\{)\S+", RegexOptions.IgnoreCase)]
    public static partial Regex BearerValue();

    /// <summary>A placeholder written by the redactor: <c>{kind-N}</c>, <c>{tenant-id}</c>, <c>{tenant-domain}</c>.</summary>
    [GeneratedRegex(@"\{(?:(?:token|secret|email|domain|guid|name)-\d+|tenant-id|tenant-domain)\}")]
    public static partial Regex Placeholder();
}
