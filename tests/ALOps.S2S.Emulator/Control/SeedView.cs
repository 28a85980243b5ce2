using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.BusinessCentral;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Control;

/// <summary><c>GET /control/seed</c>: the identifiers tests need (tenants, users, apps, service principals). No secrets.</summary>
public static class SeedView
{
    public static JsonObject Describe(WorldState world) => new()
    {
        ["publicClientId"] = WellKnown.AzurePowerShellAppId.ToString(),
        ["microsoftGraph"] = new JsonObject { ["appId"] = WellKnown.MicrosoftGraphAppId.ToString(), ["resource"] = WellKnown.MicrosoftGraphResource },
        ["businessCentral"] = new JsonObject { ["appId"] = WellKnown.BusinessCentralAppId.ToString(), ["resource"] = WellKnown.BusinessCentralResource },
        ["tenants"] = new JsonArray(world.Tenants.Select(t => (JsonNode)DescribeTenant(t)).ToArray()),
    };

    public static JsonObject DescribeTenant(Tenant tenant)
    {
        var managedIdentity = tenant.ServicePrincipals.FirstOrDefault(sp => sp.ServicePrincipalType == "ManagedIdentity");
        return new JsonObject
        {
            ["id"] = tenant.Id.ToString(),
            ["displayName"] = tenant.DisplayName,
            ["initialDomain"] = tenant.InitialDomain,
            ["domains"] = new JsonArray(tenant.Domains.Select(d => (JsonNode)d).ToArray()),
            ["hasBusinessCentral"] = tenant.HasBusinessCentral,
            ["users"] = new JsonArray(tenant.Users.Select(u => (JsonNode)new JsonObject
            {
                ["id"] = u.Id.ToString(),
                ["userPrincipalName"] = u.UserPrincipalName,
                ["displayName"] = u.DisplayName,
                ["directoryRoles"] = new JsonArray(u.DirectoryRoles.Select(r => (JsonNode)new JsonObject
                {
                    ["displayName"] = r.DisplayName,
                    ["templateId"] = r.TemplateId.ToString(),
                }).ToArray()),
            }).ToArray()),
            ["servicePrincipals"] = new JsonArray(tenant.ServicePrincipals.Select(sp => (JsonNode)new JsonObject
            {
                ["id"] = sp.Id.ToString(),
                ["appId"] = sp.AppId.ToString(),
                ["displayName"] = sp.DisplayName,
                ["servicePrincipalType"] = sp.ServicePrincipalType,
            }).ToArray()),
            ["applications"] = new JsonArray(tenant.Applications.Select(a => (JsonNode)new JsonObject
            {
                ["appId"] = a.AppId.ToString(),
                ["objectId"] = a.Id.ToString(),
                ["displayName"] = a.DisplayName,
                ["servicePrincipalId"] = tenant.FindServicePrincipalByAppId(a.AppId)?.Id.ToString(),
            }).ToArray()),
            ["managedIdentity"] = managedIdentity is null ? null : new JsonObject
            {
                ["clientId"] = managedIdentity.AppId.ToString(),
                ["servicePrincipalId"] = managedIdentity.Id.ToString(),
                ["displayName"] = managedIdentity.DisplayName,
            },
            ["delegatedAdmins"] = new JsonArray(tenant.DelegatedAdmins.Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d.Account.Id.ToString(),
                ["userPrincipalName"] = d.Account.UserPrincipalName,
                ["homeTenantId"] = d.HomeTenantId.ToString(),
            }).ToArray()),
            ["authorizedAadApps"] = BusinessCentralSeedView.AuthorizedApps(tenant),
            ["environments"] = BusinessCentralSeedView.Environments(tenant),
        };
    }
}
