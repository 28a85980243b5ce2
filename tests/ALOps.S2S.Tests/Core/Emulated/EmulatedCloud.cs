using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Emulator;
using Xunit;

namespace ALOps.S2S.Tests.Core.Emulated
{
    /// <summary>
    /// One emulator for the engine tests, reached over real HTTPS as a custom cloud. Its CA must be trusted by this
    /// process (build.ps1 sets SSL_CERT_FILE and ALOPS_S2S_EMULATOR_CA_DIR); the engine gets no special treatment.
    /// </summary>
    public sealed class EmulatedCloud : IAsyncLifetime
    {
        public EmulatorHost Host { get; private set; } = null!;
        public CloudEndpoints Cloud { get; private set; } = null!;
        public HttpClient Control { get; } = new HttpClient();
        public string TenantId { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            var caDirectory = Environment.GetEnvironmentVariable("ALOPS_S2S_EMULATOR_CA_DIR");
            Assert.False(string.IsNullOrEmpty(caDirectory),
                "ALOPS_S2S_EMULATOR_CA_DIR is not set: run the tests through build.ps1 -Task Test, which trusts the emulator CA for this process.");
            var state = Directory.CreateTempSubdirectory("alops-s2s-core-").FullName;
            Host = await EmulatorHost.StartAsync(new EmulatorOptions { StateDirectory = state, CaDirectory = caDirectory });
            Cloud = CloudEndpoints.Custom(Host.AuthorityHost, Host.GraphEndpoint, Host.BusinessCentralEndpoint, "Emulator");
            Control.BaseAddress = new Uri(Host.ControlEndpoint.TrimEnd('/') + "/");
            var seed = await Control.GetFromJsonAsync<JsonObject>("control/seed");
            TenantId = seed!["tenants"]!.AsArray().First(t => t!["domains"]!.AsArray().Any(d => (string?)d == "contoso.onmicrosoft.com"))!["id"]!.GetValue<string>();
        }

        public async Task DisposeAsync()
        {
            Control.Dispose();
            await Host.DisposeAsync();
        }

        public static string NewSecret() => "T3st~" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'x').Replace('/', 'y');

        /// <summary>Seeds an app registration with a service principal, straight into the directory.</summary>
        public async Task<string> SeedAppAsync(object body)
        {
            var response = await Control.PostAsJsonAsync($"control/tenants/{TenantId}/apps", body);
            response.EnsureSuccessStatusCode();
            var created = await response.Content.ReadFromJsonAsync<JsonObject>();
            return created!["appId"]!.GetValue<string>();
        }

        public async Task<JsonArray> RequestLogAsync() => (await Control.GetFromJsonAsync<JsonArray>("control/requests"))!;

        public async Task ClearRequestLogAsync() => (await Control.DeleteAsync("control/requests")).EnsureSuccessStatusCode();

        public async Task SettingsAsync(object patch)
            => (await Control.PatchAsJsonAsync("control/settings", patch)).EnsureSuccessStatusCode();
    }

    [CollectionDefinition(Name)]
    public sealed class EmulatedCloudCollection : ICollectionFixture<EmulatedCloud>
    {
        public const string Name = "Emulated cloud";
    }
}
