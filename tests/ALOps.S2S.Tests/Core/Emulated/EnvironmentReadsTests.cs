using System.Net;
using System.Net.Http.Json;
using System.Security;
using System.Text.Json.Nodes;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Test;
using Xunit;

namespace ALOps.S2S.Tests.Core.Emulated
{
    /// <summary>
    /// Fewer requests per environment: the doctor reads users and extensions in one $batch, the registration probe
    /// reads users with their permission sets ($expand), and both fall back to plain reads on a service without them.
    /// Each test uses a tenant of its own, because a route found without $batch or $expand is remembered per process.
    /// </summary>
    [Collection(EmulatedCloudCollection.Name)]
    public sealed class EnvironmentReadsTests : IAsyncLifetime
    {
        private const string Admin = "admin@contoso.onmicrosoft.com";
        private static readonly string[] BcRoles = { "API.ReadWrite.All", "Automation.ReadWrite.All" };
        private static readonly string[] AllSets = { "D365 AUTOMATION", "EXTEN. MGT. - ADMIN" };
        private readonly EmulatedCloud _cloud;

        public EnvironmentReadsTests(EmulatedCloud cloud) => _cloud = cloud;

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            (await _cloud.Control.DeleteAsync("control/faults")).EnsureSuccessStatusCode();
            await _cloud.SettingsAsync(new { odataBatch = true, odataExpand = true });
        }

        [Fact]
        public async Task The_doctor_reads_a_companys_users_and_extensions_in_one_batch_request()
        {
            var app = await TenantWithRegisteredAppAsync(AllSets);
            await _cloud.ClearRequestLogAsync();

            var results = await DoctorAsync(app);

            var log = await _cloud.RequestLogAsync();
            Assert.Equal(CheckStatus.Pass, Status(results, DoctorChecks.AutomationApi));
            Assert.Equal(CheckStatus.Pass, Status(results, DoctorChecks.ExtensionManagement));
            var batch = Assert.Single(Direct(log), r => ((string?)r["path"] ?? "").EndsWith("/api/microsoft/automation/v2.0/$batch", StringComparison.Ordinal));
            Assert.Equal("POST", (string?)batch["method"]);
            Assert.Equal(2, (int?)batch["operations"]);
            Assert.DoesNotContain(Direct(log), r => ((string?)r["path"] ?? "").EndsWith("/users", StringComparison.Ordinal) || ((string?)r["path"] ?? "").EndsWith("/extensions", StringComparison.Ordinal));
            Assert.Equal(2, log.Count(r => r!["batch"] != null));
        }

        [Fact]
        public async Task Each_read_of_the_batch_keeps_its_own_outcome()
        {
            // SECURITY only: users answer, extensions are refused inside the same batch (SECURITY grants no Read on
            // "Published Application"; D365 AUTOMATION would).
            var app = await TenantWithRegisteredAppAsync(new[] { "SECURITY" });

            var results = await DoctorAsync(app);

            Assert.Equal(CheckStatus.Pass, Status(results, DoctorChecks.AutomationApi));
            var extensions = results.Single(r => r.Check == DoctorChecks.ExtensionManagement);
            Assert.Equal(CheckStatus.Fail, extensions.Status);
            Assert.NotNull(extensions.Fix);
            Assert.Contains("EXTEN. MGT. - ADMIN", extensions.Fix + extensions.Cause);
        }

        [Fact]
        public async Task A_read_throttled_inside_the_batch_is_asked_again_on_its_own()
        {
            var app = await TenantWithRegisteredAppAsync(AllSets);
            await FaultAsync(new { host = "bc", kind = "throttle", method = "GET", pathContains = "/extensions", count = 1, retryAfterSeconds = 1 });
            await _cloud.ClearRequestLogAsync();

            var results = await DoctorAsync(app);

            var log = await _cloud.RequestLogAsync();
            Assert.Equal(CheckStatus.Pass, Status(results, DoctorChecks.ExtensionManagement));
            Assert.Contains(log, r => r!["batch"] != null && (int?)r["status"] == 429 && ((string?)r["path"] ?? "").EndsWith("/extensions", StringComparison.Ordinal));
            Assert.Single(Direct(log), r => (string?)r["method"] == "GET" && ((string?)r["path"] ?? "").EndsWith("/extensions", StringComparison.Ordinal) && (int?)r["status"] == 200);
        }

        [Fact]
        public async Task Without_batch_the_doctor_reads_one_by_one_and_asks_for_batch_only_once()
        {
            var app = await TenantWithRegisteredAppAsync(AllSets);
            await _cloud.SettingsAsync(new { odataBatch = false });
            await _cloud.ClearRequestLogAsync();

            var first = await DoctorAsync(app);
            var second = await DoctorAsync(app);

            var log = await _cloud.RequestLogAsync();
            Assert.All(new[] { first, second }, results => Assert.Equal(CheckStatus.Pass, Status(results, DoctorChecks.ExtensionManagement)));
            Assert.All(new[] { first, second }, results => Assert.Equal(CheckStatus.Pass, Status(results, DoctorChecks.AutomationApi)));
            Assert.Single(Direct(log), r => ((string?)r["path"] ?? "").EndsWith("/$batch", StringComparison.Ordinal));
            Assert.Equal(2, Direct(log).Count(r => ((string?)r["path"] ?? "").EndsWith("/extensions", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task The_probe_reads_users_with_their_permission_sets_in_one_request()
        {
            var app = await TenantWithRegisteredAppAsync(AllSets);
            using var home = await _cloud.ContosoAdminAsync();
            var admin = await home.ForTenantAsync(app.TenantId, CancellationToken.None);
            await _cloud.ClearRequestLogAsync();

            var state = await new RegistrationProbe(admin, null).ProbeAsync(await TargetAsync(admin, app), CancellationToken.None);

            var log = await _cloud.RequestLogAsync();
            Assert.True(state.Registered);
            Assert.Equal(AllSets.OrderBy(s => s), state.PermissionSets.OrderBy(s => s));
            Assert.Single(Direct(log), r => ((string?)r["path"] ?? "").EndsWith("/users", StringComparison.Ordinal) && ((string?)r["query"] ?? "").Contains("expand", StringComparison.Ordinal));
            Assert.DoesNotContain(log, r => ((string?)r!["path"] ?? "").EndsWith("/userPermissions", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Without_expand_the_probe_reads_the_users_permission_sets_on_their_own()
        {
            var app = await TenantWithRegisteredAppAsync(AllSets);
            using var home = await _cloud.ContosoAdminAsync();
            var admin = await home.ForTenantAsync(app.TenantId, CancellationToken.None);
            await _cloud.SettingsAsync(new { odataExpand = false });
            var target = await TargetAsync(admin, app);
            await _cloud.ClearRequestLogAsync();

            var first = await new RegistrationProbe(admin, null).ProbeAsync(target, CancellationToken.None);
            var second = await new RegistrationProbe(admin, null).ProbeAsync(target, CancellationToken.None);

            var log = await _cloud.RequestLogAsync();
            Assert.All(new[] { first, second }, state => Assert.Equal(AllSets.OrderBy(s => s), state.PermissionSets.OrderBy(s => s)));
            Assert.Single(log, r => ((string?)r!["query"] ?? "").Contains("expand", StringComparison.Ordinal));
            Assert.Equal(2, log.Count(r => ((string?)r!["path"] ?? "").EndsWith("/userPermissions", StringComparison.Ordinal)));
        }

        private sealed record RegisteredApp(string TenantId, string AppId, string Secret, string Description);

        /// <summary>A customer tenant of its own, with a consented multi-tenant app registered in Production with <paramref name="permissionSets"/>.</summary>
        private async Task<RegisteredApp> TenantWithRegisteredAppAsync(string[] permissionSets)
        {
            var (tenantId, _) = await _cloud.NewCustomerTenantAsync(Admin);
            var description = "reads app " + Guid.NewGuid().ToString("N").Substring(0, 8);
            var (appId, secret) = await _cloud.ConsentedAppAsync(tenantId, description, BcRoles);
            var registration = await _cloud.Control.PostAsJsonAsync($"control/tenants/{tenantId}/environments/Production/entra-apps",
                new { clientId = appId, description, permissionSets });
            Assert.True(registration.IsSuccessStatusCode, await registration.Content.ReadAsStringAsync());
            return new RegisteredApp(tenantId, appId, secret, description);
        }

        private Task<IReadOnlyList<CheckResult>> DoctorAsync(RegisteredApp app)
            => new S2SDoctor().RunAsync(new DoctorRequest(new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud)
            {
                Tenant = app.TenantId, ClientId = app.AppId, ClientSecret = EmulatedCloud.Secure(app.Secret),
            })
            { Environments = new[] { "Production" } }, CancellationToken.None);

        private static async Task<EnvironmentTarget> TargetAsync(S2SSession admin, RegisteredApp app)
        {
            var production = (await new AdminCenterClient(admin).GetEnvironmentsAsync(CancellationToken.None)).Single(e => e.Name == "Production");
            return new EnvironmentTarget(app.TenantId, production, app.AppId, app.Description, AllSets);
        }

        private async Task FaultAsync(object fault) => (await _cloud.Control.PutAsJsonAsync("control/faults", fault)).EnsureSuccessStatusCode();

        private static CheckStatus Status(IReadOnlyList<CheckResult> results, string check) => results.Single(r => r.Check == check).Status;

        /// <summary>The requests that went over the wire (not the operations inside a $batch).</summary>
        private static List<JsonNode> Direct(JsonArray log) => log.Where(r => r!["batch"] == null && (string?)r["host"] == "bc").Select(r => r!).ToList();

    }
}
