using ALOps.S2S.Emulator.BusinessCentral;

namespace ALOps.S2S.Emulator.World;

/// <summary>
/// The world every start and every reset begins from (CONTRACT.md "Seeded world"): tenants contoso (with Business
/// Central) and fabrikam (without), their users, the first-party service principals and a managed identity.
/// Ids are stable across starts.
/// </summary>
public static class SeededWorld
{
    public const string ManagedIdentityDisplayName = "alops-automation";

    public static WorldState Create(TimeProvider clock)
    {
        var state = new WorldState(clock);
        var now = clock.GetUtcNow();
        var seededAt = now.AddDays(-30);

        var graph = FirstPartyApplication(WellKnown.MicrosoftGraphAppId, "Microsoft Graph", seededAt,
            [WellKnown.MicrosoftGraphResource, "https://graph.microsoft.com/", "https://canary.graph.microsoft.com"],
            WellKnown.GraphRoles.All, WellKnown.GraphScopes.All);
        var businessCentral = FirstPartyApplication(WellKnown.BusinessCentralAppId, "Dynamics 365 Business Central", seededAt,
            [WellKnown.BusinessCentralResource, "https://projectmadeira.com"],
            WellKnown.BusinessCentralRoles.All, WellKnown.BusinessCentralScopes.All);
        var azurePowerShell = FirstPartyApplication(WellKnown.AzurePowerShellAppId, "Microsoft Azure PowerShell", seededAt, [], [], []);
        azurePowerShell.IsFallbackPublicClient = true;
        state.FirstPartyApplications.AddRange([graph, businessCentral, azurePowerShell]);

        var contoso = NewTenant("contoso", "Contoso", ["contoso.onmicrosoft.com", "contoso.com"], hasBusinessCentral: true);
        AddUser(contoso, "admin", "Contoso Admin", DirectoryRole.GlobalAdministrator);
        AddUser(contoso, "appdev", "Contoso App Developer", DirectoryRole.ApplicationDeveloper);
        AddUser(contoso, "bcadmin", "Contoso BC Admin", DirectoryRole.BusinessCentralAdministrator);
        AddUser(contoso, "user", "Contoso User");

        var fabrikam = NewTenant("fabrikam", "Fabrikam", ["fabrikam.onmicrosoft.com"], hasBusinessCentral: false);
        AddUser(fabrikam, "admin", "Fabrikam Admin", DirectoryRole.GlobalAdministrator);

        foreach (var tenant in new[] { contoso, fabrikam })
        {
            var graphSp = AddFirstPartyServicePrincipal(tenant, graph, seededAt);
            var powerShellSp = AddFirstPartyServicePrincipal(tenant, azurePowerShell, seededAt);
            tenant.PermissionGrants.Add(new OAuth2PermissionGrant(powerShellSp.Id, graphSp.Id, null,
                ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "Directory.AccessAsUser.All"]));
            if (tenant.HasBusinessCentral)
            {
                var bcSp = AddFirstPartyServicePrincipal(tenant, businessCentral, seededAt);
                tenant.PermissionGrants.Add(new OAuth2PermissionGrant(powerShellSp.Id, bcSp.Id, null,
                    ["user_impersonation", "Financials.ReadWrite.All"]));
            }
            BusinessCentralSeed.Populate(tenant, seededAt);
            state.Tenants.Add(tenant);
        }

        AddManagedIdentity(contoso, seededAt, ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"]);
        return state;
    }

    /// <summary>
    /// A customer tenant created by a test (<c>POST /control/tenants</c>), made like contoso: users admin@ (Global
    /// Administrator), appdev@, bcadmin@, user@; the Graph service principal and, with Business Central, the BC one
    /// (real app role ids); the well-known public client pre-authorized for both; the given environments.
    /// </summary>
    public static Tenant CreateCustomerTenant(WorldState world, string initialDomain, string displayName, bool hasBusinessCentral,
        IReadOnlyList<(string Name, string Type, string Status)> environments)
    {
        var seededAt = world.Now;
        var tenant = new Tenant
        {
            Id = DeterministicGuid.From($"tenant/{initialDomain.ToLowerInvariant()}"),
            DisplayName = displayName,
            Domains = [initialDomain],
            HasBusinessCentral = hasBusinessCentral,
        };
        AddUser(tenant, "admin", $"{displayName} Admin", DirectoryRole.GlobalAdministrator);
        AddUser(tenant, "appdev", $"{displayName} App Developer", DirectoryRole.ApplicationDeveloper);
        AddUser(tenant, "bcadmin", $"{displayName} BC Admin", DirectoryRole.BusinessCentralAdministrator);
        AddUser(tenant, "user", $"{displayName} User");

        var first = (Guid appId) => world.FirstPartyApplications.Single(a => a.AppId == appId);
        var graphSp = AddFirstPartyServicePrincipal(tenant, first(WellKnown.MicrosoftGraphAppId), seededAt);
        var powerShellSp = AddFirstPartyServicePrincipal(tenant, first(WellKnown.AzurePowerShellAppId), seededAt);
        tenant.PermissionGrants.Add(new OAuth2PermissionGrant(powerShellSp.Id, graphSp.Id, null,
            ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "Directory.AccessAsUser.All"]));
        if (hasBusinessCentral)
        {
            var bcSp = AddFirstPartyServicePrincipal(tenant, first(WellKnown.BusinessCentralAppId), seededAt);
            tenant.PermissionGrants.Add(new OAuth2PermissionGrant(powerShellSp.Id, bcSp.Id, null,
                ["user_impersonation", "Financials.ReadWrite.All"]));
            foreach (var (name, type, status) in environments)
                BusinessCentralSeed.AddEnvironment(tenant, name, type, status, seededAt);
        }
        return tenant;
    }

    private static Tenant NewTenant(string key, string displayName, IReadOnlyList<string> domains, bool hasBusinessCentral) => new()
    {
        Id = DeterministicGuid.From($"tenant/{key}"),
        DisplayName = displayName,
        Domains = domains,
        HasBusinessCentral = hasBusinessCentral,
    };

    private static void AddUser(Tenant tenant, string alias, string displayName, params DirectoryRole[] roles)
    {
        var upn = $"{alias}@{tenant.InitialDomain}";
        tenant.Users.Add(new UserAccount(DeterministicGuid.From($"user/{upn}"), upn, displayName, roles));
    }

    private static AppRegistration FirstPartyApplication(
        Guid appId, string displayName, DateTimeOffset createdAt, List<string> identifierUris,
        (string Value, Guid Id, string DisplayName)[] roles, (string Value, Guid Id, string DisplayName)[] scopes) => new()
    {
        Id = DeterministicGuid.From($"first-party-app/{appId}"),
        AppId = appId,
        DisplayName = displayName,
        OwnerTenantId = WellKnown.MicrosoftServicesTenantId,
        CreatedDateTime = createdAt,
        ReplicatedAt = createdAt,
        SignInAudience = "AzureADMultipleOrgs",
        IdentifierUris = identifierUris,
        AppRoles = roles.Select(r => AppRole.ForApplications(r.Id, r.Value, r.DisplayName)).ToList(),
        PermissionScopes = scopes.Select(s => new PermissionScope(s.Id, s.Value, s.DisplayName)).ToList(),
    };

    private static ServicePrincipal AddFirstPartyServicePrincipal(Tenant tenant, AppRegistration application, DateTimeOffset seededAt)
    {
        var sp = DirectoryObjectFactory.NewServicePrincipal(application, "Microsoft Services", seededAt, seededAt,
            DeterministicGuid.From($"service-principal/{tenant.Id}/{application.AppId}"));
        tenant.ServicePrincipals.Add(sp);
        return sp;
    }

    private static void AddManagedIdentity(Tenant tenant, DateTimeOffset seededAt, IReadOnlyList<string> graphRoles)
    {
        var appId = DeterministicGuid.From($"managed-identity/{tenant.Id}/app");
        var identity = new ServicePrincipal
        {
            Id = DeterministicGuid.From($"managed-identity/{tenant.Id}/sp"),
            AppId = appId,
            DisplayName = ManagedIdentityDisplayName,
            AppOwnerOrganizationId = WellKnown.MicrosoftServicesTenantId,
            CreatedDateTime = seededAt,
            ReplicatedAt = seededAt,
            ServicePrincipalType = "ManagedIdentity",
            ServicePrincipalNames = [appId.ToString(), $"https://identity.azure.net/{ManagedIdentityDisplayName}"],
            PublisherName = tenant.DisplayName,
        };
        tenant.ServicePrincipals.Add(identity);

        var graphSp = tenant.FindServicePrincipalByAppId(WellKnown.MicrosoftGraphAppId)!;
        foreach (var value in graphRoles)
        {
            var role = graphSp.AppRoles.Single(r => r.Value == value);
            tenant.AppRoleAssignments.Add(DirectoryObjectFactory.NewAppRoleAssignment(identity, graphSp, role.Id, seededAt));
        }
    }
}
