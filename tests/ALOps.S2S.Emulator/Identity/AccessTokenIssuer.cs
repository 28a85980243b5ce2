using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Tokens;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Identity;

/// <summary>
/// Issues v1.0 access tokens (RS256, <c>kid</c>/<c>x5t</c>) with the claims real Entra tokens carry
/// (CONTRACT.md "Access tokens").
/// </summary>
public sealed class AccessTokenIssuer(SigningCredential signing)
{
    /// <summary><paramref name="authenticationMethod"/> is <c>appidacr</c>: 1 = secret, 2 = certificate or federated assertion.</summary>
    public IssuedToken ForApplication(WorldState world, Tenant tenant, ServicePrincipal client, ServicePrincipal resource, string audience, string authenticationMethod)
    {
        var claims = CommonClaims(world, tenant, audience, out var expires);
        claims["appid"] = client.AppId.ToString();
        claims["appidacr"] = authenticationMethod;
        claims["azp"] = client.AppId.ToString();
        claims["azpacr"] = authenticationMethod;
        claims["idp"] = Issuer(tenant);
        claims["idtyp"] = "app";
        claims["oid"] = client.Id.ToString();
        claims["sub"] = client.Id.ToString();
        // A role granted moments ago is not in tokens yet (setting roleReplicationDelaySeconds).
        var roles = tenant.GrantedRoleValues(client.Id, resource, world.Now.AddSeconds(-world.Settings.RoleReplicationDelaySeconds));
        if (roles.Count > 0) claims["roles"] = new JsonArray(roles.Select(r => (JsonNode)r).ToArray());
        return Sign(world, claims, expires);
    }

    /// <param name="homeTenant">Another tenant than <paramref name="tenant"/> for a delegated admin: <c>idp</c> names it.</param>
    public IssuedToken ForUser(WorldState world, Tenant tenant, UserAccount user, Guid clientAppId, string audience, IReadOnlyList<string> scopes,
        Tenant? homeTenant = null)
    {
        var claims = CommonClaims(world, tenant, audience, out var expires);
        claims["acr"] = "1";
        claims["amr"] = new JsonArray("pwd");
        claims["appid"] = clientAppId.ToString();
        claims["appidacr"] = "0";
        claims["azp"] = clientAppId.ToString();
        claims["azpacr"] = "0";
        if (homeTenant is not null && homeTenant != tenant)
        {
            claims["acct"] = 1; // not a member of the resource tenant
            claims["idp"] = Issuer(homeTenant);
        }
        claims["idtyp"] = "user";
        claims["name"] = user.DisplayName;
        claims["oid"] = user.Id.ToString();
        claims["scp"] = string.Join(' ', scopes);
        claims["sub"] = PairwiseSubject(user.Id, clientAppId);
        claims["unique_name"] = user.UserPrincipalName;
        claims["upn"] = user.UserPrincipalName;
        claims["wids"] = new JsonArray(user.DirectoryRoles.Select(r => r.TemplateId)
            .Append(DirectoryRole.MemberUserTemplateId)
            .Select(id => (JsonNode)id.ToString()).ToArray());
        return Sign(world, claims, expires);
    }

    public static string Issuer(Tenant tenant) => $"https://sts.windows.net/{tenant.Id}/";

    /// <summary>Entra's <c>sub</c> for users differs per application; derive it the same way every time.</summary>
    public static string PairwiseSubject(Guid userId, Guid clientAppId) =>
        Base64Url.Encode(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{userId}/{clientAppId}")).AsSpan(0, 32));

    private static JsonObject CommonClaims(WorldState world, Tenant tenant, string audience, out DateTimeOffset expires)
    {
        var now = world.Now;
        expires = now.AddSeconds(world.Settings.TokenLifetimeSeconds);
        return new JsonObject
        {
            ["aud"] = audience,
            ["iss"] = Issuer(tenant),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["tid"] = tenant.Id.ToString(),
            ["uti"] = Base64Url.Encode(Guid.NewGuid().ToByteArray()),
            ["ver"] = "1.0",
        };
    }

    private IssuedToken Sign(WorldState world, JsonObject claims, DateTimeOffset expires) =>
        new(DeferredSignatures.Sign(signing, claims), (int)Math.Round((expires - world.Now).TotalSeconds), expires);
}
