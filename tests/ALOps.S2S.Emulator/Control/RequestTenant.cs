using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Control;

/// <summary>
/// The tenant a request of an emulated host is for (request log <c>tenant</c>, <c>rateLimit</c> buckets): the
/// <c>tid</c> of its bearer token (payload decoded, signature not checked), else the tenant path segment (login
/// <c>/{tenant}/...</c>, BC <c>/v2.0/{tenant}/{env}/...</c>) as the tenant's GUID when known, else the segment
/// lower-cased, else <c>-</c>.
/// </summary>
public static class RequestTenant
{
    public const string None = "-";
    private const string Item = "emulator.tenant";

    /// <summary>The tenant worked out by <see cref="Resolve"/> for this request (<c>-</c> when none).</summary>
    public static string Of(HttpContext context) => context.Items[Item] as string ?? None;

    public static string Resolve(HttpContext context, string host, DirectoryStore store)
    {
        var tenant = FromBearer(context.Request) ?? FromPath(context.Request.Path.Value ?? "/", host, store) ?? None;
        context.Items[Item] = tenant;
        return tenant;
    }

    private static string? FromBearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var parts = header[7..].Trim().Split('.');
        if (parts.Length != 3 || !Base64Url.TryDecode(parts[1], out var payload)) return null;
        try
        {
            return JsonNode.Parse(payload) is JsonObject claims && claims["tid"] is JsonValue tid && tid.TryGetValue<string>(out var text) &&
                   !string.IsNullOrWhiteSpace(text)
                ? (Guid.TryParse(text, out var id) ? id.ToString() : text.ToLowerInvariant())
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? FromPath(string path, string host, DirectoryStore store)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segment = host switch
        {
            "login" when segments.Length >= 2 => segments[0],
            // /v2.0/{tenant}/{environment}/api/... (not /v2.0/{environment}/api/..., which names no tenant)
            "bc" when segments.Length >= 3 && segments[0] == "v2.0" && !string.Equals(segments[2], "api", StringComparison.OrdinalIgnoreCase) => segments[1],
            _ => null,
        };
        if (segment is null) return null;
        segment = Uri.UnescapeDataString(segment);
        var known = store.Run(world => world.FindTenant(segment)?.Id);
        return known?.ToString() ?? segment.ToLowerInvariant();
    }
}
