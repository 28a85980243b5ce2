using System.Text.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.BusinessCentral;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Control;

/// <summary>Merges a <c>PATCH /control/settings</c> body into the current settings; unknown names are refused.</summary>
public static class SettingsPatch
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static JsonNode ToJson(EmulatorSettings settings) => JsonSerializer.SerializeToNode(settings, Json)!;

    public static EmulatorSettings Apply(WorldState world, JsonObject patch)
    {
        var merged = (JsonObject)ToJson(world.Settings);
        foreach (var (name, value) in patch)
        {
            var known = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                        ?? throw new ControlException(400, $"Unknown setting '{name}'. Known: {string.Join(", ", merged.Select(p => p.Key))}.");
            merged[known] = value?.DeepClone();
        }

        EmulatorSettings settings;
        try
        {
            settings = merged.Deserialize<EmulatorSettings>(Json)!;
        }
        catch (JsonException e)
        {
            throw new ControlException(400, $"Invalid settings: {e.Message}");
        }

        if (settings.ReplicationDelaySeconds < 0 || settings.RoleReplicationDelaySeconds < 0 || settings.NewPrincipalDelaySeconds < 0 || settings.TokenLifetimeSeconds <= 0 || settings.DeviceCodeIntervalSeconds < 0 ||
            settings.DeviceCodeLifetimeSeconds <= 0 || settings.RefreshTokenLifetimeSeconds <= 0)
            throw new ControlException(400, "Durations must be positive (the delays and deviceCodeIntervalSeconds may be 0).");
        if (settings.AdminCenterLatestApiVersion is { } latest && !AdminCenterService.IsVersion(latest))
            throw new ControlException(400, $"adminCenterLatestApiVersion '{latest}' is not an Admin Center API version such as v2.20.");
        if (world.FindTenantOfUser(settings.DeviceCodeUser)?.FindUser(settings.DeviceCodeUser) is null)
            throw new ControlException(400, $"deviceCodeUser '{settings.DeviceCodeUser}' is not a user of any tenant.");

        if (settings.AdminConsentUser is { } approver && world.FindTenantOfUser(approver)?.FindUser(approver) is null)
            throw new ControlException(400, $"adminConsentUser '{approver}' is not a user of any tenant.");

        world.Settings = settings;
        return settings;
    }
}
