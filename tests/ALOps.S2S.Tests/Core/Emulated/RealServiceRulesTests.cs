using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Grant;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Core.NewApp;
using ALOps.S2S.Core.Register;
using ALOps.S2S.Core.Test;
using ALOps.S2S.Core.Tokens;
using Xunit;

namespace ALOps.S2S.Tests.Core.Emulated
{
    /// <summary>
    /// Issue 14: the rules Business Central's own source (microsoft/BCApps) and Entra set, where the emulator used to
    /// agree with the product for the wrong reason. Each test uses a customer tenant of its own (contoso's admin is its
    /// delegated admin, so a SUPER user in Business Central).
    /// </summary>
    [Collection(EmulatedCloudCollection.Name)]
    public sealed class RealServiceRulesTests : IAsyncLifetime
    {
        private const string Admin = "admin@contoso.onmicrosoft.com";
        private const string Automation = "D365 AUTOMATION";
        private const string ExtensionManagement = "EXTEN. MGT. - ADMIN";
        private static readonly string[] BcRoles = { "API.ReadWrite.All", "Automation.ReadWrite.All" };
        private readonly EmulatedCloud _cloud;

        public RealServiceRulesTests(EmulatedCloud cloud) => _cloud = cloud;

        public Task InitializeAsync() => Task.CompletedTask;

        public Task DisposeAsync() => _cloud.SettingsAsync(new { roleReplicationDelaySeconds = 0 });

        // Item 1 -------------------------------------------------------------------------------------------------

        [Fact]
        public async Task A_missing_EXTEN_MGT_ADMIN_is_caught_though_the_app_can_list_extensions()
        {
            var app = await RegisteredAppAsync(Automation);
            var (token, company) = await AppTokenAndCompanyAsync(app);
            var extensions = await GetAsync(app, token, $"api/microsoft/automation/v2.0/companies({company})/extensions");
            Assert.Equal(HttpStatusCode.OK, extensions.StatusCode);

            var results = await DoctorAsync(app);

            var check = results.Single(r => r.Check == DoctorChecks.ExtensionManagement);
            Assert.Equal(CheckStatus.Fail, check.Status);
            Assert.Equal("S2S.ExtensionManagementMissing", check.DiagnosisId?.Value);
            Assert.Contains(ExtensionManagement, check.Fix);
            Assert.Equal(CheckStatus.Pass, results.Single(r => r.Check == DoctorChecks.AutomationApi).Status);
        }

        [Fact]
        public async Task Installing_an_extension_needs_EXTEN_MGT_ADMIN_while_listing_does_not()
        {
            var app = await RegisteredAppAsync(Automation);
            var (token, company) = await AppTokenAndCompanyAsync(app);
            var list = await (await GetAsync(app, token, $"api/microsoft/automation/v2.0/companies({company})/extensions")).Content.ReadFromJsonAsync<JsonObject>();
            var notInstalled = list!["value"]!.AsArray().First(e => (bool?)e!["isInstalled"] == false)!["packageId"]!.GetValue<string>();
            var install = $"api/microsoft/automation/v2.0/companies({company})/extensions({notInstalled})/Microsoft.NAV.install";

            var refused = await PostAsync(app, token, install);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

            (await _cloud.Control.PostAsync($"control/tenants/{app.TenantId}/environments/Production/users/{app.UserSecurityId}/permission-sets/{Uri.EscapeDataString(ExtensionManagement)}", null)).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(app, token, install)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(app, token, install)).StatusCode); // already installed
        }

        [Fact]
        public async Task The_doctor_passes_ExtensionManagement_when_the_apps_user_holds_the_set()
        {
            var app = await RegisteredAppAsync(Automation, ExtensionManagement);

            var check = (await DoctorAsync(app)).Single(r => r.Check == DoctorChecks.ExtensionManagement);

            Assert.Equal(CheckStatus.Pass, check.Status);
            Assert.Contains(app.Description.ToUpperInvariant(), check.Cause);
        }

        // Item 2 -------------------------------------------------------------------------------------------------

        [Fact]
        public async Task The_apps_user_name_is_the_description_upper_cased()
        {
            var app = await RegisteredAppAsync(Automation);
            var row = await _cloud.Control.GetFromJsonAsync<JsonObject>($"control/seed");
            var user = row!["tenants"]!.AsArray().Single(t => (string?)t!["id"] == app.TenantId)!["environments"]!.AsArray()
                .Single(e => (string?)e!["name"] == "Production")!["users"]!.AsArray().Single(u => (string?)u!["userSecurityId"] == app.UserSecurityId)!;
            Assert.Equal(app.Description.ToUpperInvariant(), (string?)user["userName"]);
            Assert.Equal(app.Description, (string?)user["displayName"]);
        }

        [Fact]
        public async Task Two_users_with_the_apps_description_give_an_ambiguity_error_and_no_permission_set_write()
        {
            var app = await RegisteredAppAsync(Automation);
            // Not plainly a person (no contact e-mail), same full name as the app's description.
            await AddUserAsync(app, new { userName = app.Description + " 2", displayName = app.Description });
            using var admin = await AdminInAsync(app);
            await _cloud.ClearRequestLogAsync();

            var failure = await Assert.ThrowsAsync<S2SException>(() => RegisterAsync(admin, app, ApproveAllChanges.Instance));

            Assert.Equal("S2S.AppUserAmbiguous", failure.ErrorId.Value);
            Assert.Contains(app.Description.ToUpperInvariant() + " 2", failure.Message);
            Assert.Contains("page 9860", failure.RecommendedAction);
            var log = await _cloud.RequestLogAsync();
            Assert.DoesNotContain(log, r => (string?)r!["host"] is "bc" or "graph" && (string?)r["method"] is "POST" or "PUT" or "PATCH" or "DELETE"
                                            && !((string?)r["path"] ?? "").EndsWith("/$batch", StringComparison.Ordinal));
            Assert.Equal(new[] { Automation }, await HeldSetsAsync(app));
        }

        [Fact]
        public async Task A_person_whose_full_name_is_the_apps_description_is_not_mistaken_for_the_app()
        {
            var app = await RegisteredAppAsync(Automation);
            var person = await AddUserAsync(app, new { userName = "JDOE", displayName = app.Description, contactEmail = "jdoe@example.com" });
            using var admin = await AdminInAsync(app);

            var result = Assert.Single(await RegisterAsync(admin, app, ApproveAllChanges.Instance));

            Assert.True(result.Registered);
            Assert.Equal(new[] { Automation, ExtensionManagement }, (await HeldSetsAsync(app)).OrderBy(s => s));
            Assert.Empty(await HeldSetsAsync(app, person));
        }

        [Fact]
        public async Task The_apps_own_call_proves_registration_under_an_unknown_description_and_says_the_user_is_not_found()
        {
            var app = await RegisteredAppAsync(new[] { Automation }, description: "Typed by the admin " + Guid.NewGuid().ToString("N").Substring(0, 6));
            using var admin = await AdminInAsync(app);
            var log = new CollectingLog();

            var result = Assert.Single(await RegisterWithAppCredentialAsync(admin, app, "Another description", log));
            Assert.True(result.Registered);
            Assert.True(result.Working);
            Assert.Contains(log.Lines, l => l.StartsWith("WARNING ", StringComparison.Ordinal) && l.Contains("no application user is named 'Another description'", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Registered_under_the_apps_name_instead_of_the_description_asked_for_it_says_which_description_BC_shows()
        {
            var app = await RegisteredAppAsync(Automation); // Description = the app's display name
            using var admin = await AdminInAsync(app);
            var log = new CollectingLog();

            var result = Assert.Single(await RegisterWithAppCredentialAsync(admin, app, "What the runbook said", log));
            Assert.True(result.Registered);
            Assert.Contains(log.Lines, l => l.StartsWith("WARNING ", StringComparison.Ordinal) && l.Contains($"shows the app as '{app.Description}', not 'What the runbook said'", StringComparison.Ordinal));
            Assert.Equal(new[] { Automation, ExtensionManagement }, (await HeldSetsAsync(app)).OrderBy(s => s));
        }

        // Item 3 -------------------------------------------------------------------------------------------------

        [Fact]
        public async Task A_set_added_by_hand_between_read_and_write_converges()
        {
            var app = await RegisteredAppAsync(Automation);
            using var admin = await AdminInAsync(app);
            var addsByHand = new AddByHandBeforeWrite(_cloud, app, ExtensionManagement);
            await _cloud.ClearRequestLogAsync();

            var result = Assert.Single(await RegisterAsync(admin, app, addsByHand));

            Assert.True(addsByHand.Added);
            Assert.Null(result.ActionRequired);
            Assert.Contains(ExtensionManagement, result.PermissionSets);
            Assert.DoesNotContain(result.Changes, c => c.Contains(ExtensionManagement, StringComparison.Ordinal));
            var log = await _cloud.RequestLogAsync();
            Assert.Contains(log, r => (string?)r!["method"] == "POST" && ((string?)r["path"] ?? "").EndsWith("/userPermissions", StringComparison.Ordinal) && (int?)r["status"] == 409);
            Assert.Equal(new[] { Automation, ExtensionManagement }, (await HeldSetsAsync(app)).OrderBy(s => s));
        }

        [Fact]
        public async Task A_role_id_defined_twice_is_assigned_as_the_system_set()
        {
            var app = await RegisteredAppAsync(Automation);
            (await _cloud.Control.PostAsJsonAsync($"control/tenants/{app.TenantId}/environments/Production/permission-sets",
                new { roleId = ExtensionManagement, displayName = "Copy of Extension Management - Admin", scope = "Tenant" })).EnsureSuccessStatusCode();
            using var admin = await AdminInAsync(app);

            var result = Assert.Single(await RegisterAsync(admin, app, ApproveAllChanges.Instance));

            Assert.Null(result.ActionRequired);
            Assert.Contains(result.Changes, c => c.Contains(ExtensionManagement, StringComparison.Ordinal));
            var held = await UserPermissionsAsync(app);
            var entry = Assert.Single(held, p => (string?)p!["roleId"] == ExtensionManagement)!;
            Assert.Equal("System", (string?)entry["scope"]);
        }

        // Item 4 -------------------------------------------------------------------------------------------------

        [Fact]
        public async Task A_token_without_the_fresh_roles_is_waited_out()
        {
            await _cloud.SettingsAsync(new { roleReplicationDelaySeconds = 3 });
            var app = await RegisteredAppAsync(Automation, ExtensionManagement);
            var log = new CollectingLog();

            IReadOnlyList<CheckResult> results;
            using (S2SLogScope.Begin(log))
                results = await DoctorAsync(app, recentlyCreated: true);

            Assert.Equal(CheckStatus.Pass, results.Single(r => r.Check == DoctorChecks.RolesInToken).Status);
            Assert.Equal(CheckStatus.Pass, results.Single(r => r.Check == DoctorChecks.StandardApi).Status);
            Assert.Contains(log.ProgressUpdates, p => p.Activity.StartsWith("Waiting for the app's token to carry", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Missing_roles_of_an_older_app_are_reported_at_once()
        {
            await _cloud.SettingsAsync(new { roleReplicationDelaySeconds = 60 });
            var app = await RegisteredAppAsync(Automation, ExtensionManagement);
            var watch = System.Diagnostics.Stopwatch.StartNew();

            var results = await new S2SDoctor(new ReplicationWait(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1))).RunAsync(Request(app), CancellationToken.None);

            var roles = results.Single(r => r.Check == DoctorChecks.RolesInToken);
            Assert.Equal(CheckStatus.Fail, roles.Status);
            Assert.Equal("S2S.PermissionNotGranted", roles.DiagnosisId?.Value);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        }

        [Fact]
        public async Task Grant_waits_out_Graph_refusing_a_brand_new_service_principal_as_principalId()
        {
            using var admin = await _cloud.ContosoAdminAsync();
            var appId = await _cloud.SeedAppAsync(new { displayName = "Fresh SP " + Guid.NewGuid().ToString("N").Substring(0, 6), createServicePrincipal = false });
            await _cloud.SettingsAsync(new { newPrincipalDelaySeconds = 3 });
            try
            {
                // The service principal is created through Graph now, so Graph still refuses it as principalId when Grant assigns roles to it.
                var graphToken = Raw(await admin.GetTokenAsync("https://graph.microsoft.com", CancellationToken.None));
                var create = new HttpRequestMessage(HttpMethod.Post, $"{_cloud.Host.GraphEndpoint}/v1.0/servicePrincipals") { Content = JsonContent.Create(new { appId }) };
                create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", graphToken);
                var created = await _cloud.Control.SendAsync(create);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var servicePrincipalId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
                await _cloud.ClearRequestLogAsync();

                var grant = await new PermissionGrantService(admin, ApproveAllChanges.Instance).GrantAsync(
                    new PermissionGrantRequest(appId, PermissionGrantRequest.DefaultPermissions) { RecentlyCreated = true, ServicePrincipalId = servicePrincipalId },
                    CancellationToken.None);

                Assert.Equal(BcRoles.OrderBy(r => r), grant.Granted.OrderBy(r => r));
                var posts = (await _cloud.RequestLogAsync()).Where(r => (string?)r!["method"] == "POST" && ((string?)r["path"] ?? "").EndsWith("/appRoleAssignedTo", StringComparison.Ordinal)).ToList();
                Assert.Contains(posts, r => (int?)r!["status"] == 400);
                Assert.Equal(2, posts.Count(r => (int?)r!["status"] == 201));
            }
            finally
            {
                await _cloud.SettingsAsync(new { newPrincipalDelaySeconds = 0 });
            }
        }

        // Item 5 -------------------------------------------------------------------------------------------------

        [Fact]
        public async Task A_registered_but_disabled_app_is_named_as_such()
        {
            var app = await RegisteredAppAsync(Automation, ExtensionManagement);
            (await _cloud.Control.PatchAsJsonAsync($"control/tenants/{app.TenantId}/environments/Production/entra-apps/{app.AppId}", new { state = "Disabled" })).EnsureSuccessStatusCode();
            using var admin = await AdminInAsync(app);

            var standard = (await DoctorAsync(app, operatorSession: admin)).Single(r => r.Check == DoctorChecks.StandardApi);

            Assert.Equal(CheckStatus.Fail, standard.Status);
            Assert.Equal("S2S.AppDisabledInEnvironment", standard.DiagnosisId?.Value);
            Assert.Equal("Authentication_InvalidCredentials", standard.ErrorCode);
            Assert.Contains("disabled", standard.Cause, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("State = Enabled", standard.Fix);
        }

        [Fact]
        public async Task Without_evidence_a_401_names_both_possibilities()
        {
            var app = await RegisteredAppAsync(Automation, ExtensionManagement);
            (await _cloud.Control.PatchAsJsonAsync($"control/tenants/{app.TenantId}/environments/Production/entra-apps/{app.AppId}", new { state = "Disabled" })).EnsureSuccessStatusCode();

            var standard = (await DoctorAsync(app)).Single(r => r.Check == DoctorChecks.StandardApi);

            Assert.Equal("S2S.AppNotRegisteredInEnvironment", standard.DiagnosisId?.Value);
            Assert.Contains("or its State is not Enabled", standard.Cause);
            Assert.Contains("could not be read", standard.Cause);
        }

        [Fact]
        public async Task An_app_without_a_row_is_named_not_registered_when_the_operator_sees_no_such_user()
        {
            var app = await RegisteredAppAsync(Automation, ExtensionManagement);
            (await _cloud.Control.DeleteAsync($"control/tenants/{app.TenantId}/environments/Production/entra-apps/{app.AppId}")).EnsureSuccessStatusCode();
            using var admin = await AdminInAsync(app);

            var standard = (await DoctorAsync(app, operatorSession: admin)).Single(r => r.Check == DoctorChecks.StandardApi);

            Assert.Equal("S2S.AppNotRegisteredInEnvironment", standard.DiagnosisId?.Value);
            Assert.Contains("no application user named", standard.Cause);
        }

        [Fact]
        public async Task A_401_on_one_api_while_the_other_accepts_the_app_names_the_role_not_the_registration()
        {
            // Only the automation role is granted, yet the doctor is asked for both: the standard API is skipped, so
            // probe the rule directly: the automation API accepts the app, the standard API (API.ReadWrite.All) does not.
            var app = await RegisteredAppAsync(new[] { Automation, ExtensionManagement }, roles: new[] { "Automation.ReadWrite.All" });
            var (token, _) = await AppTokenAndCompanyAsync(app, api: "api/microsoft/automation/v2.0/companies");
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(app, token, "api/v2.0/companies")).StatusCode);

            var results = await DoctorAsync(app, permissions: new[] { "Automation.ReadWrite.All" });

            Assert.Equal(CheckStatus.Pass, results.Single(r => r.Check == DoctorChecks.AutomationApi).Status);
            Assert.Equal(CheckStatus.Skipped, results.Single(r => r.Check == DoctorChecks.StandardApi).Status);
        }

        // Item 6 -------------------------------------------------------------------------------------------------

        [Fact]
        public async Task A_consent_role_activated_after_sign_in_is_a_warning_and_Graph_decides()
        {
            var (tenantId, domain) = await _cloud.NewCustomerTenantAsync(Admin);
            await _cloud.SettingsAsync(new { deviceCodeUser = $"appdev@{domain}" });
            S2SSession appdev;
            try
            {
                appdev = await IdentitySignIn.ConnectAsync(new SignInRequest(SignInMode.DeviceCode, _cloud.Cloud) { Tenant = domain }, CancellationToken.None);
            }
            finally
            {
                await _cloud.SettingsAsync(new { deviceCodeUser = Admin });
            }
            using (appdev)
            {
                var created = await new AppRegistrationService(appdev, ApproveAllChanges.Instance)
                    .EnsureAsync(new AppRegistrationRequest { DisplayName = "PIM " + Guid.NewGuid().ToString("N").Substring(0, 6) }, CancellationToken.None);
                // Cloud Application Administrator, activated (PIM) after appdev signed in: the cached token's wids lack it.
                (await _cloud.Control.PutAsync($"control/tenants/{tenantId}/users/appdev@{domain}/directory-roles/{DirectoryRoles.CloudApplicationAdministrator}", null)).EnsureSuccessStatusCode();
                var log = new CollectingLog();

                PermissionGrantResult grant;
                using (S2SLogScope.Begin(log))
                    grant = await new PermissionGrantService(appdev, ApproveAllChanges.Instance)
                        .GrantAsync(new PermissionGrantRequest(created.ClientId, PermissionGrantRequest.DefaultPermissions), CancellationToken.None);

                Assert.Equal(BcRoles.OrderBy(r => r), grant.Granted.OrderBy(r => r));
                Assert.Contains(log.Lines, l => l.StartsWith("WARNING ", StringComparison.Ordinal) && l.Contains("PIM", StringComparison.Ordinal));
            }
        }

        // Helpers ------------------------------------------------------------------------------------------------

        private sealed record RegisteredApp(string TenantId, string AppId, string Secret, string Description, string UserSecurityId);

        private Task<RegisteredApp> RegisteredAppAsync(params string[] permissionSets) => RegisteredAppAsync(permissionSets, null);

        /// <summary>A customer tenant of its own with a consented multi-tenant app registered (Enabled) in Production.</summary>
        private async Task<RegisteredApp> RegisteredAppAsync(string[] permissionSets, string? description = null, string[]? roles = null)
        {
            var (tenantId, _) = await _cloud.NewCustomerTenantAsync(Admin);
            var name = "Rules app " + Guid.NewGuid().ToString("N").Substring(0, 8);
            var (appId, secret) = await _cloud.ConsentedAppAsync(tenantId, name, roles ?? BcRoles);
            var registration = await _cloud.Control.PostAsJsonAsync($"control/tenants/{tenantId}/environments/Production/entra-apps",
                new { clientId = appId, description = description ?? name, permissionSets });
            Assert.True(registration.IsSuccessStatusCode, await registration.Content.ReadAsStringAsync());
            var row = await registration.Content.ReadFromJsonAsync<JsonObject>();
            return new RegisteredApp(tenantId, appId, secret, description ?? name, (string)row!["userSecurityId"]!);
        }

        private async Task<string> AddUserAsync(RegisteredApp app, object user)
        {
            var response = await _cloud.Control.PostAsJsonAsync($"control/tenants/{app.TenantId}/environments/Production/users", user);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["userSecurityId"]!;
        }

        private async Task<S2SSession> AdminInAsync(RegisteredApp app)
        {
            var home = await _cloud.ContosoAdminAsync();
            return await home.ForTenantAsync(app.TenantId, CancellationToken.None);
        }

        private SignInRequest AppSignIn(RegisteredApp app) => new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud)
        {
            Tenant = app.TenantId, ClientId = app.AppId, ClientSecret = EmulatedCloud.Secure(app.Secret),
        };

        private DoctorRequest Request(RegisteredApp app, bool recentlyCreated = false, S2SSession? operatorSession = null, string[]? permissions = null)
            => new DoctorRequest(AppSignIn(app))
            {
                Environments = new[] { "Production" },
                Description = app.Description,
                RecentlyCreated = recentlyCreated,
                Operator = operatorSession,
                Permissions = permissions ?? BcRoles,
            };

        private Task<IReadOnlyList<CheckResult>> DoctorAsync(RegisteredApp app, bool recentlyCreated = false, S2SSession? operatorSession = null, string[]? permissions = null)
            => new S2SDoctor().RunAsync(Request(app, recentlyCreated, operatorSession, permissions), CancellationToken.None);

        private static Task<IReadOnlyList<EnvironmentRegistrationResult>> RegisterAsync(S2SSession admin, RegisteredApp app, IChangeGate gate)
            => new BcClientRegistrationService(admin, gate).RegisterAsync(new BcClientRegistrationRequest
            {
                ClientId = app.AppId,
                Environments = new[] { "Production" },
                Description = app.Description,
            }, CancellationToken.None);

        /// <summary>Register-ALOpsBcClient's engine with the app's own credential at hand and another -Description than the row's.</summary>
        private async Task<IReadOnlyList<EnvironmentRegistrationResult>> RegisterWithAppCredentialAsync(S2SSession admin, RegisteredApp app, string description, CollectingLog log)
        {
            using (S2SLogScope.Begin(log))
                return await new BcClientRegistrationService(admin, ApproveAllChanges.Instance).RegisterAsync(new BcClientRegistrationRequest
                {
                    ClientId = app.AppId,
                    Environments = new[] { "Production" },
                    Description = description,
                    AppSignIn = AppSignIn(app),
                }, CancellationToken.None);
        }

        private async Task<(string Token, string Company)> AppTokenAndCompanyAsync(RegisteredApp app, string api = "api/v2.0/companies")
        {
            var response = await _cloud.Control.PostAsync($"{_cloud.Host.AuthorityHost}/{app.TenantId}/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = app.AppId, ["client_secret"] = app.Secret,
                ["scope"] = "https://api.businesscentral.dynamics.com/.default",
            }));
            response.EnsureSuccessStatusCode();
            var token = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
            var companies = await GetAsync(app, token, api);
            Assert.Equal(HttpStatusCode.OK, companies.StatusCode);
            var company = (string)(await companies.Content.ReadFromJsonAsync<JsonObject>())!["value"]![0]!["id"]!;
            return (token, company);
        }

        private Task<HttpResponseMessage> GetAsync(RegisteredApp app, string token, string path) => SendAsync(HttpMethod.Get, app, token, path);

        private Task<HttpResponseMessage> PostAsync(RegisteredApp app, string token, string path) => SendAsync(HttpMethod.Post, app, token, path);

        private Task<HttpResponseMessage> SendAsync(HttpMethod method, RegisteredApp app, string token, string path)
        {
            var request = new HttpRequestMessage(method, $"{_cloud.Host.BusinessCentralEndpoint}/v2.0/{app.TenantId}/Production/{path}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (method == HttpMethod.Post) request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            return _cloud.Control.SendAsync(request);
        }

        private async Task<string[]> HeldSetsAsync(RegisteredApp app, string? userSecurityId = null)
        {
            var seed = await _cloud.Control.GetFromJsonAsync<JsonObject>("control/seed");
            var user = seed!["tenants"]!.AsArray().Single(t => (string?)t!["id"] == app.TenantId)!["environments"]!.AsArray()
                .Single(e => (string?)e!["name"] == "Production")!["users"]!.AsArray().Single(u => (string?)u!["userSecurityId"] == (userSecurityId ?? app.UserSecurityId))!;
            return user["permissionSets"]!.AsArray().Select(p => (string)p!).ToArray();
        }

        /// <summary>The app user's userPermissions as the operator's automation API shows them.</summary>
        private async Task<JsonArray> UserPermissionsAsync(RegisteredApp app)
        {
            using var admin = await AdminInAsync(app);
            var token = await admin.GetTokenAsync("https://api.businesscentral.dynamics.com", CancellationToken.None);
            var root = $"api/microsoft/automation/v2.0/companies";
            var companies = await (await GetAsync(app, Raw(token), root)).Content.ReadFromJsonAsync<JsonObject>();
            var company = (string)companies!["value"]![0]!["id"]!;
            var permissions = await (await GetAsync(app, Raw(token), $"{root}({company})/users({app.UserSecurityId})/userPermissions")).Content.ReadFromJsonAsync<JsonObject>();
            return permissions!["value"]!.AsArray();
        }

        private static string Raw(AccessToken token)
            => (string)typeof(AccessToken).GetProperty("Value", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(token)!;

        /// <summary>Approves every write; right before the first permission-set write, an admin adds that set by hand.</summary>
        private sealed class AddByHandBeforeWrite : IChangeGate
        {
            private readonly EmulatedCloud _cloud;
            private readonly RegisteredApp _app;
            private readonly string _set;

            public AddByHandBeforeWrite(EmulatedCloud cloud, RegisteredApp app, string set)
            {
                _cloud = cloud;
                _app = app;
                _set = set;
            }

            public bool Added { get; private set; }

            public async Task<bool> ApproveAsync(string target, string action)
            {
                if (!Added && action.StartsWith("Assign permission set " + _set, StringComparison.Ordinal))
                {
                    (await _cloud.Control.PostAsync($"control/tenants/{_app.TenantId}/environments/Production/users/{_app.UserSecurityId}/permission-sets/{Uri.EscapeDataString(_set)}", null)).EnsureSuccessStatusCode();
                    Added = true;
                }
                return true;
            }
        }
    }
}
