namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>The raw device code flow (RFC 8628) the way MSAL drives it: start, then poll the token endpoint.</summary>
public static class DeviceCodeFlow
{
    public const string PublicClientId = "1950a258-227b-4e31-a9cf-717495945fc2";
    public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    public static async Task<TokenResponse> StartAsync(EmulatorClient emulator, string tenant, string scope, string clientId = PublicClientId) =>
        await emulator.PostFormAsync(tenant, new Dictionary<string, string> { ["client_id"] = clientId, ["scope"] = scope, ["client_info"] = "1" }, "devicecode");

    public static Task<TokenResponse> PollAsync(EmulatorClient emulator, string tenant, string deviceCode, string clientId = PublicClientId) =>
        emulator.PostFormAsync(tenant, new Dictionary<string, string>
        {
            ["grant_type"] = GrantType,
            ["client_id"] = clientId,
            ["device_code"] = deviceCode,
            ["client_info"] = "1",
        });

    /// <summary>Start and poll once (auto-approve is on in the seeded settings).</summary>
    public static async Task<TokenResponse> SignInAsync(EmulatorClient emulator, string tenant, string scope, string clientId = PublicClientId)
    {
        var start = await StartAsync(emulator, tenant, scope, clientId);
        return await PollAsync(emulator, tenant, (string)start.Body["device_code"]!, clientId);
    }
}
