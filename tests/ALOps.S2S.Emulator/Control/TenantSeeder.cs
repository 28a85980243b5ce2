using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ALOps.S2S.Emulator.BusinessCentral;
using ALOps.S2S.Emulator.Identity;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Control;

/// <summary>
/// <c>POST /control/tenants</c> (a customer tenant made like contoso, with its environments and delegated admins) and
/// <c>POST /control/tenants/{tenant}/service-principals</c> (admin consent of another tenant's multi-tenant app).
/// </summary>
public static partial class TenantSeeder
{
    public const int MaxEnvironments = 100;

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))+$")]
    private static partial Regex DomainPattern();

    /// <summary>BC environment names: letters, digits, '-' and '_', at most 30 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$")]
    private static partial Regex EnvironmentNamePattern();

    public static JsonObject CreateTenant(WorldState world, NewTenantRequest request)
    {
        var domain = request.InitialDomain?.Trim();
        if (string.IsNullOrEmpty(domain) || !DomainPattern().IsMatch(domain))
            throw new ControlException(400, "initialDomain is required and must be a domain name (e.g. customer01.onmicrosoft.com).");
        if (world.FindTenant(domain) is not null) throw new ControlException(409, $"A tenant with domain '{domain}' already exists.");
        var id = DeterministicGuid.From($"tenant/{domain.ToLowerInvariant()}");
        if (world.Tenants.Any(t => t.Id == id)) throw new ControlException(409, $"A tenant with id '{id}' already exists.");

        var displayName = request.DisplayName?.Trim();
        if (displayName is { Length: 0 }) throw new ControlException(400, "displayName must not be empty.");
        displayName ??= domain.Split('.')[0];
        var hasBusinessCentral = request.BusinessCentral ?? true;

        var environments = new List<(string Name, string Type, string Status)>();
        if (request.Environments is { } wanted)
        {
            if (!hasBusinessCentral && wanted.Count > 0) throw new ControlException(400, "environments need businessCentral: true.");
            if (wanted.Count > MaxEnvironments) throw new ControlException(400, $"At most {MaxEnvironments} environments.");
            foreach (var environment in wanted)
            {
                var name = environment?.Name?.Trim();
                if (name is null || !EnvironmentNamePattern().IsMatch(name))
                    throw new ControlException(400, "environments[].name is required: 1-30 letters, digits, '-' or '_'.");
                if (environments.Any(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)))
                    throw new ControlException(400, $"Environment '{name}' is listed twice.");
                var type = environment!.Type is null ? "Production"
                    : new[] { "Production", "Sandbox" }.FirstOrDefault(t => string.Equals(t, environment.Type, StringComparison.OrdinalIgnoreCase))
                      ?? throw new ControlException(400, "environments[].type must be Production or Sandbox.");
                var status = environment.Status is null ? BcEnvironmentStatus.Active
                    : BcEnvironmentStatus.Normalize(environment.Status)
                      ?? throw new ControlException(400, $"environments[].status must be one of {string.Join(", ", BcEnvironmentStatus.All)}.");
                environments.Add((name, type, status));
            }
        }
        else if (hasBusinessCentral)
        {
            environments.Add(("Production", "Production", BcEnvironmentStatus.Active));
            environments.Add(("Sandbox", "Sandbox", BcEnvironmentStatus.Active));
        }

        var delegatedAdmins = new List<DelegatedAdmin>();
        foreach (var entry in request.DelegatedAdmins ?? [])
        {
            var (upn, roles) = ParseDelegatedAdmin(entry);
            var home = world.FindTenantOfUser(upn);
            var account = home?.FindUser(upn) ?? throw new ControlException(400, $"delegatedAdmins: '{upn}' is not a user of any tenant.");
            if (delegatedAdmins.All(d => d.Account.Id != account.Id)) delegatedAdmins.Add(DelegatedAdmin.For(account, home!.Id, roles));
        }

        var tenant = SeededWorld.CreateCustomerTenant(world, domain, displayName, hasBusinessCentral, environments);
        tenant.DelegatedAdmins.AddRange(delegatedAdmins);
        world.Tenants.Add(tenant);
        return SeedView.DescribeTenant(tenant);
    }

    /// <summary>
    /// What the admin-consent page does when <paramref name="request"/>'s user accepts (<see cref="AdminConsent"/>):
    /// → <c>{ servicePrincipalId, appId, appRoles }</c>; 403 when that user may not consent, 400/404 for bad input.
    /// </summary>
    public static JsonObject ApproveAdminConsent(WorldState world, string tenantIdentifier, AdminConsentApproval request)
    {
        var tenant = world.FindTenant(tenantIdentifier) ?? throw new ControlException(404, $"Tenant '{tenantIdentifier}' does not exist.");
        if (string.IsNullOrWhiteSpace(request.ClientId)) throw new ControlException(400, "clientId is required.");
        var user = request.User ?? world.Settings.AdminConsentUser ?? $"admin@{tenant.InitialDomain}";
        var approver = AdminConsent.ActingUser(world, tenant, user) ?? throw new ControlException(400, $"'{user}' is neither a user nor a delegated admin of '{tenant.InitialDomain}'.");
        var resource = request.Scope is { Length: > 0 } scope ? scope.Replace("/.default", "", StringComparison.Ordinal) : null;
        try
        {
            var application = AdminConsent.FindApplication(world, tenant, request.ClientId.Trim());
            var outcome = AdminConsent.Grant(world, tenant, application, approver, resource);
            return new JsonObject
            {
                ["servicePrincipalId"] = outcome.ServicePrincipal.Id.ToString(),
                ["appId"] = application.AppId.ToString(),
                ["appRoles"] = new JsonArray(outcome.GrantedRoles.Select(r => (JsonNode)r).ToArray()),
            };
        }
        catch (AadstsException failure)
        {
            throw new ControlException(404, failure.Message);
        }
        catch (AdminConsent.Refused refused)
        {
            throw new ControlException(refused.Error == "access_denied" ? 403 : 400, refused.Message);
        }
    }

    /// <summary>
    /// A <c>delegatedAdmins</c> entry: a user principal name (the default GDAP roles), or
    /// <c>{ "userPrincipalName": "...", "roles": ["Dynamics 365 Business Central Administrator", ...] }</c>.
    /// </summary>
    private static (string Upn, IReadOnlyList<DirectoryRole>? Roles) ParseDelegatedAdmin(JsonNode? entry)
    {
        const string shape = "delegatedAdmins[] must be user principal names or { userPrincipalName, roles: [role names] }.";
        if (entry is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)) return (text.Trim(), null);
        if (entry is not JsonObject item || item["userPrincipalName"] is not JsonValue upnValue ||
            !upnValue.TryGetValue<string>(out var upn) || string.IsNullOrWhiteSpace(upn))
            throw new ControlException(400, shape);
        if (item["roles"] is null) return (upn.Trim(), null);
        if (item["roles"] is not JsonArray names) throw new ControlException(400, shape);
        var roles = names.Select(n => n is JsonValue v && v.TryGetValue<string>(out var name)
                ? DirectoryRole.Find(name) ?? throw new ControlException(400, $"delegatedAdmins: unknown role '{name}'. Known: {string.Join(", ", DirectoryRole.All.Select(r => r.DisplayName))}.")
                : throw new ControlException(400, shape))
            .Distinct().ToList();
        return (upn.Trim(), roles);
    }

    /// <summary>
    /// Admin consent of a multi-tenant app in <paramref name="tenantIdentifier"/>: its service principal, and the named
    /// Business Central application roles granted to it. Not idempotent: an existing service principal is 409.
    /// </summary>
    public static JsonObject AddServicePrincipal(WorldState world, string tenantIdentifier, NewServicePrincipalRequest request)
    {
        var tenant = world.FindTenant(tenantIdentifier) ?? throw new ControlException(404, $"Tenant '{tenantIdentifier}' does not exist.");
        if (string.IsNullOrWhiteSpace(request.AppId) || !Guid.TryParse(request.AppId, out var appId))
            throw new ControlException(400, "appId is required (a GUID).");
        var application = world.FindApplicationByAppId(appId) ?? throw new ControlException(404, $"Application '{appId}' does not exist in any tenant.");
        if (application.OwnerTenantId != tenant.Id && application.OwnerTenantId != WellKnown.MicrosoftServicesTenantId &&
            !application.SignInAudience.StartsWith("AzureADMultipleOrgs", StringComparison.Ordinal) &&
            !string.Equals(application.SignInAudience, "AzureADandPersonalMicrosoftAccount", StringComparison.Ordinal))
            throw new ControlException(400, $"Application '{appId}' is single-tenant (signInAudience {application.SignInAudience}); it cannot be consented in another tenant.");
        if (tenant.FindServicePrincipalByAppId(appId) is not null)
            throw new ControlException(409, $"Tenant '{tenant.InitialDomain}' already has a service principal for '{appId}'.");

        var roleValues = (request.AppRoles ?? []).Distinct(StringComparer.Ordinal).ToList();
        var businessCentral = tenant.FindServicePrincipalByAppId(WellKnown.BusinessCentralAppId);
        if (roleValues.Count > 0 && businessCentral is null)
            throw new ControlException(400, $"Tenant '{tenant.InitialDomain}' has no Business Central service principal.");
        var roles = roleValues.Select(value => businessCentral!.AppRoles.FirstOrDefault(r => r.Value == value)
                                               ?? throw new ControlException(400, $"'{businessCentral.DisplayName}' has no app role '{value}'.")).ToList();

        var now = world.Now;
        var publisher = world.Tenants.FirstOrDefault(t => t.Id == application.OwnerTenantId)?.DisplayName ?? "Microsoft Services";
        var servicePrincipal = DirectoryObjectFactory.NewServicePrincipal(application, publisher, now, now);
        tenant.ServicePrincipals.Add(servicePrincipal);
        foreach (var role in roles)
            tenant.AppRoleAssignments.Add(DirectoryObjectFactory.NewAppRoleAssignment(servicePrincipal, businessCentral!, role.Id, now));
        return new JsonObject
        {
            ["id"] = servicePrincipal.Id.ToString(),
            ["appId"] = application.AppId.ToString(),
            ["appRoles"] = new JsonArray(roles.Select(r => (JsonNode)r.Value).ToArray()),
        };
    }
}

/// <summary>Body of <c>POST /control/tenants/{tenant}/admin-consent</c>: the customer's admin accepts on the consent page.</summary>
public sealed record AdminConsentApproval(string? ClientId, string? User, string? Scope);

/// <summary>Body of <c>POST /control/tenants</c>.</summary>
public sealed record NewTenantRequest(
    string? InitialDomain,
    string? DisplayName,
    bool? BusinessCentral,
    List<NewEnvironmentRequest?>? Environments,
    List<JsonNode?>? DelegatedAdmins);

public sealed record NewEnvironmentRequest(string? Name, string? Type, string? Status);

/// <summary>Body of <c>POST /control/tenants/{tenant}/service-principals</c>.</summary>
public sealed record NewServicePrincipalRequest(string? AppId, List<string>? AppRoles);
