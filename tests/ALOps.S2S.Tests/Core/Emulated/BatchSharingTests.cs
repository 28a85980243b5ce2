using System.Net;
using System.Net.Http.Json;
using System.Security;
using System.Text.Json.Nodes;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Register;
using ALOps.S2S.Core.Test;
using Xunit;

namespace ALOps.S2S.Tests.Core.Emulated
{
    /// <summary>What the rows of one batch run share: tenant reads, admin center authorization and app sign-ins made once.</summary>
    [Collection(EmulatedCloudCollection.Name)]
    public sealed class BatchSharingTests
    {
        private const string Admin = "admin@contoso.onmicrosoft.com";
        private static readonly string[] BcRoles = { "API.ReadWrite.All", "Automation.ReadWrite.All" };
        private readonly EmulatedCloud _cloud;

        public BatchSharingTests(EmulatedCloud cloud) => _cloud = cloud;

        private static string NewName(string prefix) => prefix + " " + Guid.NewGuid().ToString("N").Substring(0, 8);

        /// <summary>A customer tenant (environments Production and Sandbox) where contoso's admin is a delegated admin, and a multi-tenant app of contoso consented there.</summary>
        private async Task<(string TenantId, string AppId, string Secret)> CustomerWithAppAsync()
        {
            var (tenantId, _) = await _cloud.NewCustomerTenantAsync(Admin);
            var (appId, secret) = await _cloud.ConsentedAppAsync(tenantId, NewName("batch app"), BcRoles);
            return (tenantId, appId, secret);
        }

        private static List<JsonNode> Where(JsonArray log, string host, string method, Func<string, bool> path)
            => log.Where(r => (string?)r!["host"] == host && (string?)r!["method"] == method && path((string?)r!["path"] ?? string.Empty)).Select(r => r!).ToList();

        /// <summary>One row: the app (signing in with its secret) in one environment of the tenant.</summary>
        private BcClientRegistrationRequest RowFor(string tenantId, string appId, System.Security.SecureString secret, string environment) => new BcClientRegistrationRequest
        {
            ClientId = appId,
            Environments = new[] { environment },
            AppSignIn = new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud) { Tenant = tenantId, ClientId = appId, ClientSecret = secret },
        };

        private static string Describe(JsonArray log)
            => string.Join("\n", log.Select(r => $"{r!["host"]} {r["method"]} {r["path"]} {r["status"]} {r["grantType"]} {r["clientId"]} {r["tenant"]}"));

        [Fact]
        public async Task A_run_makes_one_environment_client_per_identity_tenant_and_environment()
        {
            using var home = await _cloud.ContosoAdminAsync();
            using var other = await _cloud.ContosoAdminAsync();
            using var run = new RegistrationRun();
            var clients = run.EnvironmentClients;
            var production = clients.For(home, home.TenantId, "Production");

            Assert.Same(production, clients.For(home, home.TenantId.ToUpperInvariant(), "PRODUCTION"));
            Assert.NotSame(production, clients.For(home, home.TenantId, "Sandbox"));
            Assert.NotSame(production, clients.For(other, home.TenantId, "Production"));
            using var nextRun = new RegistrationRun();
            Assert.NotSame(production, nextRun.EnvironmentClients.For(home, home.TenantId, "Production"));
        }

        [Fact]
        public async Task Two_environments_of_one_tenant_in_one_run_read_authorize_and_sign_in_once()
        {
            var (tenantId, appId, secret) = await CustomerWithAppAsync();
            using var home = await _cloud.ContosoAdminAsync();
            var admin = await home.ForTenantAsync(tenantId, CancellationToken.None);
            var appSecret = EmulatedCloud.Secure(secret);
            BcClientRegistrationRequest Row(string environment) => RowFor(tenantId, appId, appSecret, environment);
            await _cloud.ClearRequestLogAsync();

            IReadOnlyList<EnvironmentRegistrationResult>[] results;
            using (var run = new RegistrationRun())
            {
                results = await Task.WhenAll(
                    new BcClientRegistrationService(admin, ApproveAllChanges.Instance, run: run).RegisterAsync(Row("Production"), CancellationToken.None),
                    new BcClientRegistrationService(admin, ApproveAllChanges.Instance, run: run).RegisterAsync(Row("Sandbox"), CancellationToken.None));
            }

            var log = await _cloud.RequestLogAsync();
            var all = Describe(log);
            Assert.True(1 == Where(log, "bc", "GET", p => p.EndsWith("/applications/BusinessCentral/environments")).Count, all);
            Assert.True(1 == Where(log, "bc", "GET", p => p.EndsWith("/authorizedAadApps")).Count, all);
            Assert.True(1 == Where(log, "bc", "PUT", p => p.Contains("/authorizedAadApps/")).Count, all);
            Assert.True(1 == Where(log, "graph", "GET", p => p.Contains("servicePrincipals", StringComparison.OrdinalIgnoreCase)).Count, all);
            var appTokens = Where(log, "login", "POST", p => p.EndsWith("/oauth2/v2.0/token"))
                .Where(r => string.Equals((string?)r["clientId"], appId, StringComparison.OrdinalIgnoreCase)).ToList();
            var appToken = Assert.Single(appTokens);
            Assert.Equal("client_credentials", (string?)appToken["grantType"]);
            Assert.Equal(tenantId, (string?)appToken["tenant"], ignoreCase: true);
            Assert.All(Where(log, "bc", "GET", p => p.EndsWith("/applications/BusinessCentral/environments")), r => Assert.Equal(tenantId, (string?)r["tenant"], ignoreCase: true));

            var rows = results.SelectMany(r => r).ToList();
            Assert.Equal(new[] { "Production", "Sandbox" }, rows.Select(r => r.Environment));
            Assert.All(rows, r => Assert.Equal(tenantId, r.TenantId, ignoreCase: true));
            Assert.All(rows, r => Assert.True(r.AdminCenterAuthorized));
            var authorizations = rows.SelectMany(r => r.Changes).Where(c => c.StartsWith("Authorize client id", StringComparison.Ordinal)).ToList();
            Assert.Single(authorizations);
            Assert.Contains(appId, authorizations[0]);
            Assert.Single(rows, r => r.Changes.Any(c => c.StartsWith("Authorize client id", StringComparison.Ordinal)));

            var seed = await _cloud.Control.GetFromJsonAsync<JsonObject>("control/seed");
            var customer = seed!["tenants"]!.AsArray().First(t => string.Equals((string?)t!["id"], tenantId, StringComparison.OrdinalIgnoreCase))!;
            Assert.Contains(customer["authorizedAadApps"]!.AsArray(), a => string.Equals((string?)a!["appId"], appId, StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task Without_a_shared_run_each_call_reads_and_signs_in_again()
        {
            var (tenantId, appId, secret) = await CustomerWithAppAsync();
            using var home = await _cloud.ContosoAdminAsync();
            var admin = await home.ForTenantAsync(tenantId, CancellationToken.None);
            var appSecret = EmulatedCloud.Secure(secret);
            BcClientRegistrationRequest Row(string environment) => RowFor(tenantId, appId, appSecret, environment);
            await _cloud.ClearRequestLogAsync();

            var first = await new BcClientRegistrationService(admin, ApproveAllChanges.Instance).RegisterAsync(Row("Production"), CancellationToken.None);
            var second = await new BcClientRegistrationService(admin, ApproveAllChanges.Instance).RegisterAsync(Row("Sandbox"), CancellationToken.None);

            var log = await _cloud.RequestLogAsync();
            var all = Describe(log);
            Assert.True(2 == Where(log, "bc", "GET", p => p.EndsWith("/applications/BusinessCentral/environments")).Count, all);
            Assert.True(2 == Where(log, "bc", "GET", p => p.EndsWith("/authorizedAadApps")).Count, all);
            Assert.True(1 == Where(log, "bc", "PUT", p => p.Contains("/authorizedAadApps/")).Count, all);
            Assert.Contains(first.Single().Changes, c => c.StartsWith("Authorize client id", StringComparison.Ordinal));
            Assert.DoesNotContain(second.Single().Changes, c => c.StartsWith("Authorize client id", StringComparison.Ordinal));
        }

        [Fact]
        public async Task An_app_sign_in_held_by_one_command_is_adopted_by_the_next_and_ends_with_its_last_holder()
        {
            var (tenantId, appId, secret) = await CustomerWithAppAsync();
            var signIn = new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud) { Tenant = tenantId, ClientId = appId, ClientSecret = EmulatedCloud.Secure(secret) };
            var cache = new AppSessionCache();
            await _cloud.ClearRequestLogAsync();

            var register = cache.Open();
            var first = await register.GetAsync(signIn, false, ReplicationWait.Default, CancellationToken.None);
            var test = cache.Open();
            Assert.True(test.Adopt(signIn));                      // the next command takes it over while the first still holds it
            register.Dispose();
            var adopted = await test.GetAsync(signIn, false, ReplicationWait.Default, CancellationToken.None);
            Assert.Same(first, adopted);
            test.Dispose();

            var later = cache.Open();
            Assert.False(later.Adopt(signIn));                    // nobody holds it any more: a later command signs in afresh
            var fresh = await later.GetAsync(signIn, false, ReplicationWait.Default, CancellationToken.None);
            Assert.NotSame(first, fresh);
            later.Dispose();

            var log = await _cloud.RequestLogAsync();
            var appTokens = Where(log, "login", "POST", p => p.EndsWith("/oauth2/v2.0/token"))
                .Where(r => string.Equals((string?)r["clientId"], appId, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(2 == appTokens.Count, Describe(log));
        }

        private async Task<(string AppId, string Secret)> ContosoAppAsync()
        {
            var secret = EmulatedCloud.NewSecret();
            var appId = await _cloud.SeedAppAsync(new { displayName = NewName("doctor app"), passwordCredentials = new[] { new { secretText = secret } }, bcRoles = BcRoles });
            // Registered (with its permission sets) in Production only, so the environments' checks differ.
            var registration = await _cloud.Control.PostAsJsonAsync($"control/tenants/{_cloud.TenantId}/environments/Production/entra-apps",
                new { clientId = appId, description = NewName("doctor"), permissionSets = new[] { "D365 AUTOMATION", "EXTEN. MGT. - ADMIN" } });
            Assert.True(registration.IsSuccessStatusCode, await registration.Content.ReadAsStringAsync());
            return (appId, secret);
        }

        private static string Line(CheckResult r) => $"{r.Check} {r.Target} {r.Status}";

        [Fact]
        public async Task The_doctor_runs_the_app_checks_then_the_environment_checks_in_order()
        {
            var (appId, secret) = await ContosoAppAsync();
            var request = new DoctorRequest(new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud) { Tenant = _cloud.TenantId, ClientId = appId, ClientSecret = EmulatedCloud.Secure(secret) })
            {
                Environments = new[] { "Production", "Sandbox" },
            };
            var doctor = new S2SDoctor();

            var run = await doctor.RunAsync(request, CancellationToken.None);
            List<CheckResult> split;
            using (var app = await doctor.CheckAppAsync(request, CancellationToken.None))
            {
                split = app.Results.ToList();
                split.AddRange(await doctor.CheckEnvironmentsAsync(app, request, request.Environments, CancellationToken.None));
            }

            Assert.Equal(run.Select(Line), split.Select(Line));
            Assert.Equal(
                new[] { DoctorChecks.TenantResolves, DoctorChecks.TokenForBusinessCentral, DoctorChecks.RolesInToken, DoctorChecks.CredentialExpiry },
                run.Take(4).Select(r => r.Check));
            Assert.Equal(new[] { "Production", "Production", "Production", "Sandbox", "Sandbox", "Sandbox" }, run.Skip(4).Select(r => r.Target));
            Assert.Equal(new[] { DoctorChecks.StandardApi, DoctorChecks.AutomationApi, DoctorChecks.ExtensionManagement }, run.Skip(4).Take(3).Select(r => r.Check));
            Assert.Equal(CheckStatus.Pass, run.Single(r => r.Check == DoctorChecks.TokenForBusinessCentral).Status);
            Assert.Equal(CheckStatus.Pass, run.Single(r => r.Check == DoctorChecks.StandardApi && r.Target == "Production").Status);
            Assert.Equal(CheckStatus.Fail, run.Single(r => r.Check == DoctorChecks.StandardApi && r.Target == "Sandbox").Status);
        }

        [Fact]
        public async Task When_the_app_cannot_sign_in_every_environment_check_is_skipped_with_the_reason()
        {
            var (appId, _) = await ContosoAppAsync();
            var request = new DoctorRequest(new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud) { Tenant = _cloud.TenantId, ClientId = appId, ClientSecret = EmulatedCloud.Secure(EmulatedCloud.NewSecret()) })
            {
                Environments = new[] { "Production", "Sandbox" },
            };
            var doctor = new S2SDoctor();

            using var app = await doctor.CheckAppAsync(request, CancellationToken.None);
            var environments = await doctor.CheckEnvironmentsAsync(app, request, request.Environments, CancellationToken.None);
            var run = await doctor.RunAsync(request, CancellationToken.None);

            Assert.Null(app.Session);
            Assert.Equal(CheckStatus.Fail, app.Results.Single(r => r.Check == DoctorChecks.TokenForBusinessCentral).Status);
            Assert.Equal(6, environments.Count);
            Assert.All(environments, r => Assert.Equal(CheckStatus.Skipped, r.Status));
            Assert.All(environments, r => Assert.Equal("The app could not get a token.", r.Cause));
            Assert.Equal(new[] { "Production", "Production", "Production", "Sandbox", "Sandbox", "Sandbox" }, environments.Select(r => r.Target));
            Assert.Equal(app.Results.Concat(environments).Select(Line), run.Select(Line));
        }
    }
}
