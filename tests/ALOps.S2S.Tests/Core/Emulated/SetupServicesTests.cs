using System.Net;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Grant;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Core.NewApp;
using Xunit;

namespace ALOps.S2S.Tests.Core.Emulated
{
    [Collection(EmulatedCloudCollection.Name)]
    public sealed class SetupServicesTests
    {
        private readonly EmulatedCloud _cloud;

        public SetupServicesTests(EmulatedCloud cloud) => _cloud = cloud;

        private static string NewName() => "core " + Guid.NewGuid().ToString("N").Substring(0, 8);

        [Fact]
        public async Task An_app_is_created_once_and_a_rerun_changes_nothing()
        {
            using var admin = await _cloud.ContosoAdminAsync();
            var service = new AppRegistrationService(admin, ApproveAllChanges.Instance);
            var name = NewName();

            var first = await service.EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None);
            var second = await service.EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None);

            Assert.True(first.Created);
            Assert.Equal(3, first.Changes.Count);
            Assert.NotNull(first.ClientSecret);
            Assert.False(second.Created);
            Assert.Empty(second.Changes);
            Assert.Null(second.ClientSecret);
            Assert.Equal(first.ClientId, second.ClientId);
            Assert.Equal(first.ServicePrincipalId, second.ServicePrincipalId);
        }

        [Fact]
        public async Task A_declining_gate_makes_no_change()
        {
            using var admin = await _cloud.ContosoAdminAsync();
            await _cloud.ClearRequestLogAsync();
            var result = await new AppRegistrationService(admin, new DeclineAll()).EnsureAsync(new AppRegistrationRequest { DisplayName = NewName() }, CancellationToken.None);

            Assert.Single(result.SkippedChanges);
            Assert.Empty(result.Changes);
            // A $batch of reads is no write: its operations are logged with their own methods.
            var writes = (await _cloud.RequestLogAsync()).Where(r => (string?)r!["host"] == "graph" && (string?)r!["method"] != "GET" && !((string?)r!["path"] ?? "").EndsWith("/$batch", StringComparison.Ordinal));
            Assert.Empty(writes);
        }

        [Fact]
        public async Task Permissions_are_granted_once_and_appear_in_the_apps_token()
        {
            using var admin = await _cloud.ContosoAdminAsync();
            var app = await new AppRegistrationService(admin, ApproveAllChanges.Instance).EnsureAsync(new AppRegistrationRequest { DisplayName = NewName() }, CancellationToken.None);
            var grants = new PermissionGrantService(admin, ApproveAllChanges.Instance);

            var first = await grants.GrantAsync(new PermissionGrantRequest(app.ClientId, PermissionGrantRequest.DefaultPermissions), CancellationToken.None);
            var second = await grants.GrantAsync(new PermissionGrantRequest(app.ClientId, PermissionGrantRequest.DefaultPermissions), CancellationToken.None);

            Assert.Equal(2, first.NewlyGranted.Count);
            Assert.Empty(second.NewlyGranted);
            Assert.Empty(second.Changes);
            using var asApp = await IdentitySignIn.ConnectAsync(new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud)
            {
                Tenant = _cloud.TenantId, ClientId = app.ClientId, ClientSecret = app.ClientSecret,
            }, CancellationToken.None, firstResource: "https://api.businesscentral.dynamics.com");
            var token = await asApp.GetTokenAsync("https://api.businesscentral.dynamics.com", CancellationToken.None);
            Assert.Equal(new[] { "API.ReadWrite.All", "Automation.ReadWrite.All" }, token.Claims!.Roles.OrderBy(r => r));
        }

        [Fact]
        public async Task An_unknown_permission_lists_the_valid_ones_from_the_tenant()
        {
            using var admin = await _cloud.ContosoAdminAsync();
            var error = await Assert.ThrowsAsync<S2SException>(() => new PermissionGrantService(admin, ApproveAllChanges.Instance)
                .GrantAsync(new PermissionGrantRequest(Guid.NewGuid().ToString(), new[] { "Everything.All" }), CancellationToken.None));
            Assert.Equal("S2S.UnknownPermission", error.ErrorId.Value);
            Assert.Contains("API.ReadWrite.All", error.Message);
            Assert.Contains("Automation.ReadWrite.All", error.Message);
        }

        [Fact]
        public async Task Replication_is_waited_for_by_polling_with_progress()
        {
            using var admin = await _cloud.ContosoAdminAsync();
            var log = new CollectingLog();
            using var scope = S2SLogScope.Begin(log);
            await _cloud.SettingsAsync(new { replicationDelaySeconds = 2 });
            try
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var result = await new AppRegistrationService(admin, ApproveAllChanges.Instance).EnsureAsync(new AppRegistrationRequest { DisplayName = NewName() }, CancellationToken.None);
                Assert.NotNull(result.ServicePrincipalId);
                Assert.InRange(watch.Elapsed.TotalSeconds, 1.9, 6);
                Assert.Contains(log.ProgressUpdates, p => p.Status.Contains("replication", StringComparison.OrdinalIgnoreCase));
            }
            finally
            {
                await _cloud.SettingsAsync(new { replicationDelaySeconds = 0 });
            }
        }

        [Fact]
        public async Task A_replication_wait_is_cancellable()
        {
            using var admin = await _cloud.ContosoAdminAsync();
            await _cloud.SettingsAsync(new { replicationDelaySeconds = 60 });
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                    new AppRegistrationService(admin, ApproveAllChanges.Instance).EnsureAsync(new AppRegistrationRequest { DisplayName = NewName() }, cts.Token));
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"cancelled after {watch.Elapsed}");
            }
            finally
            {
                await _cloud.SettingsAsync(new { replicationDelaySeconds = 0 });
            }
        }

        private sealed class DeclineAll : IChangeGate
        {
            public Task<bool> ApproveAsync(string target, string action) => Task.FromResult(false);
        }
    }
}
