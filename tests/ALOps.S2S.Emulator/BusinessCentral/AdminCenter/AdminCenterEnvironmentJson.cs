using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// An environment in the documented Admin Center shape (bc.admin.environments.list.json), PascalCase keys included.
/// The soft-delete fields are documented as datetime/string; for an environment that is not deleted the emulator
/// writes <c>0001-01-01T00:00:00Z</c> and <c>""</c> (assumption: the real service may send null or omit them).
/// </summary>
public static class AdminCenterEnvironmentJson
{
    private const string NoDate = "0001-01-01T00:00:00Z";

    /// <param name="serviceHost">The emulated BC host (<c>https://127.0.0.1:PORT</c>), for <c>webServiceUrl</c>.</param>
    public static JsonObject Describe(BcEnvironment environment, string serviceHost) => new()
    {
        ["friendlyName"] = environment.FriendlyName,
        ["type"] = environment.Type,
        ["name"] = environment.Name,
        ["countryCode"] = environment.CountryCode,
        ["applicationFamily"] = environment.ApplicationFamily,
        ["aadTenantId"] = environment.AadTenantId.ToString(),
        ["status"] = environment.Status,
        ["webClientLoginUrl"] = environment.WebClientLoginUrl,
        ["webServiceUrl"] = $"{serviceHost}/v2.0/{environment.AadTenantId}/{environment.Name}",
        ["locationName"] = environment.LocationName,
        ["geoName"] = environment.GeoName,
        ["ringName"] = environment.RingName,
        ["appInsightsKey"] = environment.AppInsightsKey,
        ["SoftDeletedOn"] = NoDate,
        ["HardDeletePendingOn"] = NoDate,
        ["DeleteReason"] = "",
        ["AppSourceAppsUpdateCadence"] = environment.AppSourceAppsUpdateCadence,
        ["versionDetails"] = new JsonObject
        {
            ["version"] = environment.VersionDetails.Version,
            ["gracePeriodStartDate"] = Date(environment.VersionDetails.GracePeriodStartDate),
            ["enforcedUpdatePeriodStartDate"] = Date(environment.VersionDetails.EnforcedUpdatePeriodStartDate),
        },
    };

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
