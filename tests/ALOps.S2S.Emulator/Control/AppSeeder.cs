using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Control;

/// <summary>
/// Creates an app registration, its service principal, credentials and granted app roles in one step. Seeded
/// objects skip the replication delay: they stand for what already existed before the test.
/// </summary>
public static class AppSeeder
{
    public static JsonObject Seed(WorldState world, string tenantIdentifier, SeedAppRequest request)
    {
        var tenant = world.FindTenant(tenantIdentifier) ?? throw new ControlException(404, $"Tenant '{tenantIdentifier}' does not exist.");
        if (string.IsNullOrWhiteSpace(request.DisplayName)) throw new ControlException(400, "displayName is required.");
        if (request.AppId is { } wanted && world.FindApplicationByAppId(wanted) is not null)
            throw new ControlException(409, $"An application with appId '{wanted}' already exists.");

        var now = world.Now;
        var application = DirectoryObjectFactory.NewApplication(tenant, request.DisplayName, now, now, request.AppId);
        if (request.PublicClient is { } isPublic) application.IsFallbackPublicClient = isPublic;
        if (request.SignInAudience is { } audience) application.SignInAudience = audience;
        if (request.GraphProperties is { } properties) application.OtherProperties = (JsonObject)properties.DeepClone();

        if (request.RequestedBcRoles is { Count: > 0 } requested)
        {
            var businessCentral = world.FindApplicationByAppId(WellKnown.BusinessCentralAppId)!;
            application.RequiredResourceAccess =
            [
                new RequiredResourceAccess(WellKnown.BusinessCentralAppId, requested.Distinct(StringComparer.Ordinal)
                    .Select(value => new ResourceAccess(
                        businessCentral.AppRoles.FirstOrDefault(r => r.Value == value)?.Id ?? throw new ControlException(400, $"Business Central has no app role '{value}'."),
                        "Role"))
                    .ToList()),
            ];
        }

        foreach (var password in request.PasswordCredentials ?? [])
        {
            if (string.IsNullOrEmpty(password.SecretText)) throw new ControlException(400, "passwordCredentials[].secretText is required.");
            var start = password.StartDateTime ?? now;
            application.PasswordCredentials.Add(new PasswordCredential(password.SecretText, start, password.EndDateTime ?? start.AddYears(2), now, password.DisplayName));
        }
        foreach (var key in request.KeyCredentials ?? []) application.KeyCredentials.Add(ToKeyCredential(key, now));
        foreach (var federated in request.FederatedIdentityCredentials ?? []) application.FederatedIdentityCredentials.Add(ToFederated(application, federated));
        tenant.Applications.Add(application);

        ServicePrincipal? servicePrincipal = null;
        if (request.CreateServicePrincipal != false)
        {
            servicePrincipal = DirectoryObjectFactory.NewServicePrincipal(application, tenant.DisplayName, now, now);
            servicePrincipal.AccountEnabled = request.Enabled ?? true;
            tenant.ServicePrincipals.Add(servicePrincipal);
            Grant(tenant, servicePrincipal, WellKnown.MicrosoftGraphAppId, request.GraphRoles, now);
            Grant(tenant, servicePrincipal, WellKnown.BusinessCentralAppId, request.BcRoles, now);
        }
        else if (request.GraphRoles is { Count: > 0 } || request.BcRoles is { Count: > 0 })
        {
            throw new ControlException(400, "Roles can only be granted to a service principal; do not set createServicePrincipal to false.");
        }

        return new JsonObject
        {
            ["appId"] = application.AppId.ToString(),
            ["objectId"] = application.Id.ToString(),
            ["servicePrincipalId"] = servicePrincipal?.Id.ToString(),
        };
    }

    /// <summary>Every password and key credential of the app ends now.</summary>
    public static void ExpireCredentials(WorldState world, string tenantIdentifier, string appId)
    {
        var tenant = world.FindTenant(tenantIdentifier) ?? throw new ControlException(404, $"Tenant '{tenantIdentifier}' does not exist.");
        var application = tenant.Applications.FirstOrDefault(a => string.Equals(a.AppId.ToString(), appId, StringComparison.OrdinalIgnoreCase))
                          ?? throw new ControlException(404, $"Application '{appId}' does not exist in tenant '{tenantIdentifier}'.");
        var end = world.Now.AddSeconds(-1);
        foreach (var password in application.PasswordCredentials) password.EndDateTime = end;
        foreach (var key in application.KeyCredentials) key.EndDateTime = end;
    }

    private static void Grant(Tenant tenant, ServicePrincipal principal, Guid resourceAppId, List<string>? roleValues, DateTimeOffset now)
    {
        if (roleValues is not { Count: > 0 }) return;
        var resource = tenant.FindServicePrincipalByAppId(resourceAppId)
                       ?? throw new ControlException(400, $"Tenant '{tenant.InitialDomain}' has no service principal for resource '{resourceAppId}'.");
        foreach (var value in roleValues.Distinct(StringComparer.Ordinal))
        {
            var role = resource.AppRoles.FirstOrDefault(r => r.Value == value)
                       ?? throw new ControlException(400, $"'{resource.DisplayName}' has no app role '{value}'.");
            tenant.AppRoleAssignments.Add(DirectoryObjectFactory.NewAppRoleAssignment(principal, resource, role.Id, now));
        }
    }

    private static KeyCredential ToKeyCredential(SeedKeyCredential key, DateTimeOffset now)
    {
        try
        {
            var der = Convert.FromBase64String(key.Key ?? "");
            using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
            return new KeyCredential(der, key.StartDateTime ?? new DateTimeOffset(certificate.NotBefore),
                key.EndDateTime ?? new DateTimeOffset(certificate.NotAfter), now, key.DisplayName);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new ControlException(400, "keyCredentials[].key must be the base64 DER of an X.509 certificate.");
        }
    }

    private static FederatedIdentityCredential ToFederated(AppRegistration application, SeedFederatedIdentityCredential federated)
    {
        if (string.IsNullOrEmpty(federated.Issuer) || string.IsNullOrEmpty(federated.Subject))
            throw new ControlException(400, "federatedIdentityCredentials[] need issuer and subject.");
        return new FederatedIdentityCredential(
            Guid.NewGuid(),
            federated.Name ?? $"credential-{application.FederatedIdentityCredentials.Count + 1}",
            federated.Issuer,
            federated.Subject,
            federated.Audiences is { Count: > 0 } audiences ? audiences : [WellKnown.FederatedTokenAudience],
            federated.Description);
    }
}
