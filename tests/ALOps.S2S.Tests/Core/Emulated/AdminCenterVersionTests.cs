using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Logging;
using Xunit;

namespace ALOps.S2S.Tests.Core.Emulated
{
    /// <summary>
    /// Issue #14 item 7: the Admin Center API version. The current documented version first; a service that refuses it
    /// (the emulator's adminCenterLatestApiVersion setting plays an older service) gets exactly one more call on the
    /// lowest documented version with authorizedAadApps, which the connection keeps; -Debug says which version answered.
    /// </summary>
    [Collection(EmulatedCloudCollection.Name)]
    public sealed class AdminCenterVersionTests : IAsyncLifetime
    {
        private readonly EmulatedCloud _cloud;

        public AdminCenterVersionTests(EmulatedCloud cloud) => _cloud = cloud;

        public Task InitializeAsync() => Task.CompletedTask;

        public Task DisposeAsync() => _cloud.SettingsAsync(new { adminCenterLatestApiVersion = (string?)null });

        [Fact]
        public async Task A_service_with_the_current_version_is_asked_once_on_it_and_debug_names_it()
        {
            using var session = await _cloud.ContosoAdminAsync();
            await _cloud.ClearRequestLogAsync();
            var log = new CollectingLog();

            using (S2SLogScope.Begin(log))
                Assert.NotEmpty(await new AdminCenterClient(session).GetEnvironmentsAsync(CancellationToken.None));

            Assert.Equal(new[] { "GET /admin/v2.29/applications/BusinessCentral/environments 200" }, await AdminCallsAsync());
            Assert.Contains("DEBUG Business Central admin center API v2.29 answered GET applications/BusinessCentral/environments: HTTP 200.", log.Lines);
        }

        [Fact]
        public async Task A_service_without_the_current_version_gets_one_fallback_to_the_lowest_documented_version_for_the_connection()
        {
            await _cloud.SettingsAsync(new { adminCenterLatestApiVersion = "v2.20" });
            using var session = await _cloud.ContosoAdminAsync();
            await _cloud.ClearRequestLogAsync();
            var log = new CollectingLog();

            using (S2SLogScope.Begin(log))
            {
                var client = new AdminCenterClient(session);
                Assert.NotEmpty(await client.GetEnvironmentsAsync(CancellationToken.None));
                await client.GetAuthorizedAppsAsync(CancellationToken.None);
                // A new client on the same connection does not ask the refused version again.
                await new AdminCenterClient(session).GetEnvironmentsAsync(CancellationToken.None);
            }

            Assert.Equal(new[]
            {
                "GET /admin/v2.29/applications/BusinessCentral/environments 404",
                "GET /admin/v2.15/applications/BusinessCentral/environments 200",
                "GET /admin/v2.15/authorizedAadApps 200",
                "GET /admin/v2.15/applications/BusinessCentral/environments 200",
            }, await AdminCallsAsync());
            Assert.Single(log.Lines, l => l.StartsWith("DEBUG Business Central admin center: API v2.29 is not supported", StringComparison.Ordinal) && l.Contains("UnsupportedApiVersion") && l.Contains("using v2.15"));
            Assert.Contains("DEBUG Business Central admin center API v2.15 answered GET authorizedAadApps: HTTP 200.", log.Lines);
            Assert.DoesNotContain(log.Lines, l => l.Contains("API v2.29 answered"));
        }

        [Fact]
        public async Task A_service_refusing_the_lowest_version_too_fails_after_one_fallback_with_the_services_code()
        {
            await _cloud.SettingsAsync(new { adminCenterLatestApiVersion = "v2.10" });
            using var session = await _cloud.ContosoAdminAsync();
            await _cloud.ClearRequestLogAsync();

            var failure = await Assert.ThrowsAsync<S2SException>(() => new AdminCenterClient(session).GetEnvironmentsAsync(CancellationToken.None));

            Assert.Equal("S2S.AdminCenterRequestFailed", failure.ErrorId.Value);
            Assert.Contains("UnsupportedApiVersion", failure.Message);
            Assert.Equal(new[]
            {
                "GET /admin/v2.29/applications/BusinessCentral/environments 404",
                "GET /admin/v2.15/applications/BusinessCentral/environments 404",
            }, await AdminCallsAsync());
        }

        [Fact]
        public async Task A_request_the_service_refuses_for_another_reason_is_not_asked_again()
        {
            using var session = await _cloud.ContosoAdminAsync();
            await _cloud.ClearRequestLogAsync();

            await Assert.ThrowsAsync<S2SException>(() => new AdminCenterClient(session).AuthorizeAppAsync("not-a-guid", CancellationToken.None));

            Assert.Equal(new[] { "PUT /admin/v2.29/authorizedAadApps/not-a-guid 400" }, await AdminCallsAsync());
        }

        private async Task<string[]> AdminCallsAsync() =>
            (await _cloud.RequestLogAsync())
                .Where(r => (string?)r!["host"] == "bc" && ((string?)r["path"] ?? "").StartsWith("/admin/", StringComparison.Ordinal))
                .Select(r => $"{(string?)r!["method"]} {(string?)r["path"]} {(int?)r["status"]}")
                .ToArray();
    }
}
