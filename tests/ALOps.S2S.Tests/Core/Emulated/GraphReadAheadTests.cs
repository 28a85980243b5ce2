using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Core.Grant;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.NewApp;
using Xunit;

namespace ALOps.S2S.Tests.Core.Emulated
{
    /// <summary>
    /// New and Grant read what they need in one Graph JSON $batch, and fall back to their own reads for anything the
    /// batch did not answer with success, or on a Graph without $batch.
    /// </summary>
    [Collection(EmulatedCloudCollection.Name)]
    public sealed class GraphReadAheadTests
    {
        private readonly EmulatedCloud _cloud;

        public GraphReadAheadTests(EmulatedCloud cloud) => _cloud = cloud;

        [Fact]
        public async Task A_rerun_of_new_reads_the_app_and_its_service_principal_in_one_request()
        {
            using var admin = await _cloud.ContosoAdminAsync();
            var service = new AppRegistrationService(admin, ApproveAllChanges.Instance);
            var name = NewName();
            var first = await service.EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None);
            await _cloud.ClearRequestLogAsync();

            var again = await service.EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None);

            var log = await _cloud.RequestLogAsync();
            Assert.Equal(first.ServicePrincipalId, again.ServicePrincipalId);
            var batch = Assert.Single(Sent(log));
            Assert.Equal("/v1.0/$batch", (string?)batch["path"]);
            Assert.Equal(2, (int?)batch["operations"]);
            Assert.All(Inside(log), r => Assert.Equal("GET", (string?)r["method"]));
        }

        [Fact]
        public async Task A_rerun_of_grant_after_new_reads_in_one_request()
        {
            using var admin = await _cloud.ContosoAdminAsync();
            var name = NewName();
            var apps = new AppRegistrationService(admin, ApproveAllChanges.Instance);
            var grants = new PermissionGrantService(admin, ApproveAllChanges.Instance);
            var app = await apps.EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None);
            await grants.GrantAsync(new PermissionGrantRequest(app.ClientId, PermissionGrantRequest.DefaultPermissions), CancellationToken.None);
            var found = await apps.EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None);
            await _cloud.ClearRequestLogAsync();

            var again = await grants.GrantAsync(new PermissionGrantRequest(found.ClientId, PermissionGrantRequest.DefaultPermissions)
            {
                ServicePrincipalId = found.ServicePrincipalId,
                KnownApplication = found.Snapshot,
            }, CancellationToken.None);

            var log = await _cloud.RequestLogAsync();
            Assert.Empty(again.Changes);
            Assert.Equal(2, again.Granted.Count);
            var batch = Assert.Single(Sent(log));
            Assert.Equal(2, (int?)batch["operations"]);
            Assert.Contains(Inside(log), r => ((string?)r["path"] ?? "").EndsWith("/appRoleAssignments", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Grant_by_client_id_alone_reads_ahead_all_it_can()
        {
            using var admin = await _cloud.ContosoAdminAsync();
            var app = await new AppRegistrationService(admin, ApproveAllChanges.Instance).EnsureAsync(new AppRegistrationRequest { DisplayName = NewName() }, CancellationToken.None);
            var grants = new PermissionGrantService(admin, ApproveAllChanges.Instance);
            await grants.GrantAsync(new PermissionGrantRequest(app.ClientId, PermissionGrantRequest.DefaultPermissions), CancellationToken.None);
            await _cloud.ClearRequestLogAsync();

            var again = await grants.GrantAsync(new PermissionGrantRequest(app.ClientId, PermissionGrantRequest.DefaultPermissions), CancellationToken.None);

            var log = await _cloud.RequestLogAsync();
            Assert.Empty(again.Changes);
            Assert.Equal(app.ServicePrincipalId, again.ServicePrincipalId);
            var sent = Sent(log);
            Assert.Equal(2, sent.Count);
            Assert.Equal(3, (int?)sent[0]["operations"]);
            Assert.EndsWith("/appRoleAssignments", (string?)sent[1]["path"]);
        }

        [Fact]
        public async Task A_read_throttled_inside_the_batch_is_made_again_on_its_own()
        {
            using var admin = await _cloud.ContosoAdminAsync();
            var name = NewName();
            var service = new AppRegistrationService(admin, ApproveAllChanges.Instance);
            var first = await service.EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None);
            await FaultAsync(_cloud, new { host = "graph", kind = "throttle", method = "GET", pathContains = "/applications", count = 1, retryAfterSeconds = 1 });
            await _cloud.ClearRequestLogAsync();
            try
            {
                var again = await service.EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None);

                var log = await _cloud.RequestLogAsync();
                Assert.Equal(first.ClientId, again.ClientId);
                Assert.Contains(Inside(log), r => (int?)r["status"] == 429);
                Assert.Single(Sent(log), r => (string?)r["method"] == "GET" && (string?)r["path"] == "/v1.0/applications" && (int?)r["status"] == 200);
            }
            finally
            {
                (await _cloud.Control.DeleteAsync("control/faults")).EnsureSuccessStatusCode();
            }
        }

        [Fact]
        public async Task Without_graph_batch_every_step_reads_on_its_own_and_batch_is_asked_once()
        {
            // An emulator of its own: a Graph found without $batch is remembered for the rest of the process.
            var plain = new EmulatedCloud();
            await plain.InitializeAsync();
            try
            {
                await plain.SettingsAsync(new { graphBatch = false });
                using var admin = await plain.ContosoAdminAsync();
                var name = NewName();
                var apps = new AppRegistrationService(admin, ApproveAllChanges.Instance);
                var grants = new PermissionGrantService(admin, ApproveAllChanges.Instance);

                var app = await apps.EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None);
                var grant = await grants.GrantAsync(new PermissionGrantRequest(app.ClientId, PermissionGrantRequest.DefaultPermissions), CancellationToken.None);
                var again = await apps.EnsureAsync(new AppRegistrationRequest { DisplayName = name }, CancellationToken.None);

                var log = await plain.RequestLogAsync();
                Assert.True(app.Created);
                Assert.Equal(2, grant.NewlyGranted.Count);
                Assert.Equal(app.ServicePrincipalId, again.ServicePrincipalId);
                Assert.Single(log, r => ((string?)r!["path"] ?? "").EndsWith("/$batch", StringComparison.Ordinal));
                Assert.Empty(Inside(log));
            }
            finally
            {
                await plain.DisposeAsync();
            }
        }

        private static string NewName() => "read ahead " + Guid.NewGuid().ToString("N").Substring(0, 8);

        private static async Task FaultAsync(EmulatedCloud cloud, object fault)
            => (await cloud.Control.PutAsJsonAsync("control/faults", fault)).EnsureSuccessStatusCode();

        /// <summary>Graph requests that went over the wire.</summary>
        private static List<JsonNode> Sent(JsonArray log) => log.Where(r => (string?)r!["host"] == "graph" && r["batch"] == null).Select(r => r!).ToList();

        /// <summary>Graph operations inside a $batch.</summary>
        private static List<JsonNode> Inside(JsonArray log) => log.Where(r => (string?)r!["host"] == "graph" && r["batch"] != null).Select(r => r!).ToList();
    }
}
