using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// Validates the bearer token of a Business Central call: signed by the emulator's Entra, audience Business Central,
/// within its lifetime, issued in a known tenant to a principal that still exists. A user token must carry one of
/// BC's delegated scopes. Roles and scopes are the snapshot taken when the token was issued, as in real tokens.
/// </summary>
public sealed class BcTokenValidator(BearerTokenReader tokens)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public BcCaller Validate(WorldState world, HttpRequest request) => Validate(world, Read(request));

    /// <summary>
    /// The request's bearer token, signed by the emulator's Entra. Needs no world: a caller reads it before taking the
    /// world's lock, so that parsing and verifying it do not hold the lock for everyone else.
    /// </summary>
    public JsonWebToken Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            throw new BcTokenRejectedException("No bearer token was sent.");
        return tokens.Read(header[7..].Trim(), out _)
            ?? throw new BcTokenRejectedException("The bearer token is not a token signed by Microsoft Entra ID.");
    }

    /// <summary>The rest of the checks of a token <see cref="Read"/> returned: audience, lifetime, tenant and principal.</summary>
    public BcCaller Validate(WorldState world, JsonWebToken token)
    {

        var audience = token.GetAudiences().FirstOrDefault()?.TrimEnd('/');
        if (audience != WellKnown.BusinessCentralResource && audience != WellKnown.BusinessCentralAppId.ToString())
            throw new BcTokenRejectedException("The bearer token is not meant for Business Central.");
        var now = world.Now;
        if (token.GetNumericDate("exp") is not { } expires || DateTimeOffset.FromUnixTimeSeconds(expires) + ClockSkew < now)
            throw new BcTokenRejectedException("The bearer token has expired.");
        if (token.GetNumericDate("nbf") is { } notBefore && DateTimeOffset.FromUnixTimeSeconds(notBefore) - ClockSkew > now)
            throw new BcTokenRejectedException("The bearer token is not yet valid.");

        var tenant = token.GetString("tid") is { } tid ? world.FindTenant(tid) : null;
        if (tenant is null || !Guid.TryParse(token.GetString("oid"), out var objectId) || !Guid.TryParse(token.GetString("appid"), out var clientAppId))
            throw new BcTokenRejectedException("The bearer token names no known tenant or principal.");

        if (token.GetString("idtyp") == "user")
        {
            if (tenant.FindActingUser(objectId) is null) throw new BcTokenRejectedException("The signed-in user does not exist.");
            var scopes = (token.GetString("scp") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!scopes.Any(s => WellKnown.BusinessCentralScopes.All.Any(known => known.Value == s)))
                throw new BcTokenRejectedException("The user token carries no Business Central delegated permission.");
            var wids = Strings(token.Payload["wids"]).Select(w => Guid.TryParse(w, out var id) ? id : Guid.Empty).ToHashSet();
            return new BcCaller(tenant, clientAppId, objectId, IsApp: false, new HashSet<string>(), wids);
        }

        if (tenant.FindServicePrincipal(objectId) is not { AccountEnabled: true })
            throw new BcTokenRejectedException("The calling service principal does not exist or is disabled.");
        return new BcCaller(tenant, clientAppId, objectId, IsApp: true, Strings(token.Payload["roles"]).ToHashSet(StringComparer.Ordinal), new HashSet<Guid>());
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>() : [];
}
