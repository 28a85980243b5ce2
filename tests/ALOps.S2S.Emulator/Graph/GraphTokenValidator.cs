using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// Validates the bearer token of a Graph call as Graph does: signed by the emulator's Entra, audience Microsoft Graph,
/// within its lifetime. Permissions come from the token (roles/scp are a snapshot taken when it was issued).
/// </summary>
public sealed class GraphTokenValidator(BearerTokenReader tokens)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public GraphCaller Validate(WorldState world, HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7) throw GraphErrors.EmptyToken();
        var token = tokens.Read(header[7..].Trim(), out var outcome);
        if (outcome == BearerTokenReader.Outcome.Malformed) throw GraphErrors.InvalidToken("IDX14100: JWT is not well formed.");
        if (token is null) throw GraphErrors.InvalidToken("Access token validation failure.");

        var audience = token.GetAudiences().FirstOrDefault()?.TrimEnd('/');
        if (audience != WellKnown.MicrosoftGraphResource && audience != WellKnown.MicrosoftGraphAppId.ToString())
            throw GraphErrors.InvalidToken("Access token validation failure. Invalid audience.");
        var expires = token.GetNumericDate("exp");
        var notBefore = token.GetNumericDate("nbf");
        var now = world.Now;
        if (expires is null || DateTimeOffset.FromUnixTimeSeconds(expires.Value) + ClockSkew < now)
            throw GraphErrors.InvalidToken("Lifetime validation failed, the token is expired.");
        if (notBefore is { } nbf && DateTimeOffset.FromUnixTimeSeconds(nbf) - ClockSkew > now)
            throw GraphErrors.InvalidToken("Lifetime validation failed, the token is not yet valid.");

        var tenant = token.GetString("tid") is { } tid ? world.FindTenant(tid) : null;
        if (tenant is null || !Guid.TryParse(token.GetString("oid"), out var objectId))
            throw GraphErrors.InvalidToken("Access token validation failure.");

        var roles = token.Payload["roles"] is System.Text.Json.Nodes.JsonArray array
            ? array.Select(r => r?.ToString()).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        var scopes = (token.GetString("scp") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

        if (token.GetString("idtyp") == "user")
        {
            var user = tenant.FindActingUser(objectId) ?? throw GraphErrors.InvalidToken("Access token validation failure.");
            return new GraphCaller(tenant, token.GetString("appid"), user.Id, user, new HashSet<string>(), scopes);
        }
        if (tenant.FindServicePrincipal(objectId) is null) throw GraphErrors.InvalidToken("Access token validation failure.");
        return new GraphCaller(tenant, token.GetString("appid"), objectId, null, roles, new HashSet<string>());
    }
}
