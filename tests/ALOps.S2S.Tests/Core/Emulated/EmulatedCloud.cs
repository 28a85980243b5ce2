using System.Net;
using System.Net.Http.Json;
using System.Security;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Identity;
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

        /// <summary>contoso's admin, signed in with a device code (approved by the emulator).</summary>
        public Task<S2SSession> ContosoAdminAsync()
            => IdentitySignIn.ConnectAsync(new SignInRequest(SignInMode.DeviceCode, Cloud) { Tenant = "contoso.onmicrosoft.com" }, CancellationToken.None);

        public static SecureString Secure(string value) => new NetworkCredential(string.Empty, value).SecurePassword;

        public static string NewSecret() => "T3st~" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'x').Replace('/', 'y');

        /// <summary>Seeds an app registration with a service principal, straight into the directory.</summary>
        public async Task<string> SeedAppAsync(object body)
        {
            var response = await Control.PostAsJsonAsync($"control/tenants/{TenantId}/apps", body);
            response.EnsureSuccessStatusCode();
            var created = await response.Content.ReadFromJsonAsync<JsonObject>();
            return created!["appId"]!.GetValue<string>();
        }

        /// <summary>A customer tenant with a unique domain (ids are derived from the domain, so every test makes its own).</summary>
        public async Task<(string Id, string Domain)> NewCustomerTenantAsync(params string[] delegatedAdmins)
        {
            var domain = "cust" + Guid.NewGuid().ToString("N").Substring(0, 10) + ".onmicrosoft.com";
            var response = await Control.PostAsJsonAsync("control/tenants", new { initialDomain = domain, delegatedAdmins });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var created = await response.Content.ReadFromJsonAsync<JsonObject>();
            return (created!["id"]!.GetValue<string>(), domain);
        }

        /// <summary>A multi-tenant app of contoso with a secret, consented in <paramref name="tenantId"/> with the Business Central <paramref name="appRoles"/>.</summary>
        public async Task<(string AppId, string Secret)> ConsentedAppAsync(string tenantId, string displayName, string[] appRoles)
        {
            var secret = NewSecret();
            var appId = await SeedAppAsync(new { displayName, signInAudience = "AzureADMultipleOrgs", passwordCredentials = new[] { new { secretText = secret } } });
            var consent = await Control.PostAsJsonAsync($"control/tenants/{tenantId}/service-principals", new { appId, appRoles });
            Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
            return (appId, secret);
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
