using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// The seeded Business Central of a tenant with BC (CONTRACT.md "Business Central"): environments Production and
/// Sandbox (Active) and Preview (Upgrading), each with one company, the standard permission sets, the tenant's admins
/// as SUPER users, the plain user with D365 BASIC, and a few extensions. Ids are stable across starts.
/// </summary>
public static class BusinessCentralSeed
{
    private const string CompanyName = "CRONUS International Ltd.";

    public static void Populate(Tenant tenant, DateTimeOffset seededAt)
    {
        if (!tenant.HasBusinessCentral) return;
        var environments = tenant.BusinessCentral.Environments;
        environments.Add(NewEnvironment(tenant, "Production", "Production", BcEnvironmentStatus.Active, "26.3", "Prod", seededAt));
        environments.Add(NewEnvironment(tenant, "Sandbox", "Sandbox", BcEnvironmentStatus.Active, "26.3", "Prod", seededAt));
        environments.Add(NewEnvironment(tenant, "Preview", "Sandbox", BcEnvironmentStatus.Upgrading, "27.0", "Preview", seededAt));
    }

    /// <summary>An environment like the seeded ones (same company, permission sets, users, extensions), version 26.3.</summary>
    public static BcEnvironment AddEnvironment(Tenant tenant, string name, string type, string status, DateTimeOffset seededAt)
    {
        var environment = NewEnvironment(tenant, name, type, status, "26.3", "Prod", seededAt);
        tenant.BusinessCentral.Environments.Add(environment);
        return environment;
    }

    private static BcEnvironment NewEnvironment(Tenant tenant, string name, string type, string status, string version, string ring, DateTimeOffset seededAt)
    {
        var key = $"bc/{tenant.Id}/{name}";
        var environment = new BcEnvironment
        {
            Name = name,
            Type = type,
            FriendlyName = name,
            AadTenantId = tenant.Id,
            CountryCode = "US",
            Status = status,
            LocationName = "East US",
            GeoName = "United States",
            RingName = ring,
            VersionDetails = new BcVersionDetails(version, Midnight(seededAt.AddDays(150)), Midnight(seededAt.AddDays(180))),
        };
        environment.PermissionSets.AddRange(StandardPermissionSets.Create());

        var seeder = DeterministicGuid.From($"{key}/user/system");
        environment.Companies.Add(new BcCompany
        {
            Id = DeterministicGuid.From($"{key}/company/{CompanyName}"),
            Name = CompanyName,
            DisplayName = CompanyName,
            RowVersion = 4711,
            SystemCreatedAt = seededAt,
            SystemCreatedBy = seeder,
            SystemModifiedAt = seededAt,
            SystemModifiedBy = seeder,
        });

        AddPerson(environment, tenant, key, "admin", seededAt, StandardPermissionSets.Super);
        AddPerson(environment, tenant, key, "bcadmin", seededAt, StandardPermissionSets.Super);
        AddPerson(environment, tenant, key, "user", seededAt, StandardPermissionSets.D365Basic);
        AddExtensions(environment, key, version);
        return environment;
    }

    /// <summary>A person synchronised from Entra: user name = the UPN's alias in upper case, as BC makes it.</summary>
    private static void AddPerson(BcEnvironment environment, Tenant tenant, string key, string alias, DateTimeOffset seededAt, params string[] roleIds)
    {
        var account = tenant.FindUser($"{alias}@{tenant.InitialDomain}");
        if (account is null) return;
        var user = new BcUser
        {
            UserSecurityId = DeterministicGuid.From($"{key}/user/{account.UserPrincipalName}"),
            UserName = alias.ToUpperInvariant(),
            DisplayName = account.DisplayName,
            ContactEmail = account.UserPrincipalName,
            EntraObjectId = account.Id,
        };
        environment.Users.Add(user);
        foreach (var roleId in roleIds)
        {
            var set = environment.FindPermissionSet(roleId)!;
            environment.AccessControl.Add(new AccessControlEntry
            {
                Id = DeterministicGuid.From($"{key}/access-control/{user.UserSecurityId}/{roleId}"),
                UserSecurityId = user.UserSecurityId,
                RoleId = set.RoleId,
                AppId = set.AppId,
                SystemModifiedAt = seededAt,
            });
        }
    }

    private static void AddExtensions(BcEnvironment environment, string key, string version)
    {
        var platform = Version.Parse(version + ".0.0");
        (Guid AppId, string Name, string Publisher, Version Version, bool Installed, string PublishedAs)[] extensions =
        [
            (StandardPermissionSets.SystemApplicationId, "System Application", "Microsoft", platform, true, "Global"),
            (Guid.Parse("f3552374-a1f2-4356-848e-196002525837"), "Business Foundation", "Microsoft", platform, true, "Global"),
            (StandardPermissionSets.BaseApplicationId, "Base Application", "Microsoft", platform, true, "Global"),
            (Guid.Parse("c1335042-3002-4257-bf8a-75c898ccb1b8"), "Application", "Microsoft", platform, true, "Global"),
            (DeterministicGuid.From("bc/extension/late-payment-prediction"), "Late Payment Prediction", "Microsoft", platform, true, "Global"),
            (DeterministicGuid.From("bc/extension/sales-and-inventory-forecast"), "Sales and Inventory Forecast", "Microsoft", platform, false, "Global"),
            (DeterministicGuid.From("bc/extension/contoso-customizations"), "Contoso Customizations", "Contoso", new Version(1, 4, 0, 12), true, "PTE"),
        ];
        foreach (var (appId, name, publisher, extensionVersion, installed, publishedAs) in extensions)
            environment.Extensions.Add(new BcExtension(DeterministicGuid.From($"{key}/package/{appId}"), appId, name, publisher,
                extensionVersion, installed, publishedAs));
    }

    private static DateTimeOffset Midnight(DateTimeOffset moment) => new(moment.UtcDateTime.Date, TimeSpan.Zero);
}
