using System.Net;
using System.Security;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Logging;
using Xunit;

namespace ALOps.S2S.Tests.Core.Emulated
{
    [Collection(EmulatedCloudCollection.Name)]
    public sealed class IdentitySignInTests
    {
        private readonly EmulatedCloud _cloud;

        public IdentitySignInTests(EmulatedCloud cloud) => _cloud = cloud;

        [Fact]
        public async Task A_client_secret_signs_in_and_serves_every_resource()
        {
            var secret = EmulatedCloud.NewSecret();
            var appId = await _cloud.SeedAppAsync(new { displayName = "core secret", passwordCredentials = new[] { new { secretText = secret } } });
            var log = new CollectingLog();
            using var scope = S2SLogScope.Begin(log);

            using var session = await IdentitySignIn.ConnectAsync(new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud)
            {
                Tenant = "contoso.onmicrosoft.com", ClientId = appId, ClientSecret = EmulatedCloud.Secure(secret),
            }, CancellationToken.None);

            Assert.Equal(_cloud.TenantId, session.TenantId);
            Assert.True(session.IsAppOnly);
            Assert.Equal("ServicePrincipal", session.AccountType);
            var bc = await session.GetTokenAsync(CloudEndpoints.BusinessCentralResource, CancellationToken.None);
            Assert.Equal(CloudEndpoints.BusinessCentralResource, bc.Claims!.Audience);
            Assert.Equal(2, session.TokenExpiries.Count);

            Assert.Matches(@"HTTP POST https://127\.0\.0\.1:\d+/contoso\.onmicrosoft\.com/oauth2/v2\.0/token -> 200 OK in \d+ ms", log.All);
            Assert.DoesNotContain(secret, log.All);
            Assert.DoesNotContain(bc.Value, log.All);
        }

        [Fact]
        public async Task A_device_code_sign_in_gets_other_resources_silently()
        {
            var log = new CollectingLog();
            using var scope = S2SLogScope.Begin(log);
            await _cloud.ClearRequestLogAsync();

            using var session = await _cloud.ContosoAdminAsync();
            var bc = await session.GetTokenAsync(CloudEndpoints.BusinessCentralResource, CancellationToken.None);
            var graphAgain = await session.GetTokenAsync(CloudEndpoints.GraphResource, CancellationToken.None);

            Assert.Equal("User", session.AccountType);
            Assert.Equal("admin@contoso.onmicrosoft.com", session.Account);
            Assert.Equal("user", bc.Claims!.IdentityType);
            Assert.Equal(CloudEndpoints.GraphResource, graphAgain.Claims!.Audience);
            Assert.Contains(log.Lines, l => l.StartsWith("WARNING ") && l.Contains("code", StringComparison.OrdinalIgnoreCase));

            var requests = await _cloud.RequestLogAsync();
            var tokenCalls = requests.Where(r => (string?)r!["path"] is string p && p.EndsWith("/oauth2/v2.0/token")).ToList();
            Assert.Single(requests, r => ((string?)r!["path"])!.EndsWith("/devicecode"));
            Assert.Contains(tokenCalls, r => (string?)r!["grantType"] == "refresh_token");
            Assert.True(2 == tokenCalls.Count(r => (int)r!["status"]! == 200), log.All); // device code + one refresh; the second Graph token came from cache
        }

        [Fact]
        public async Task A_wrong_secret_names_the_cause_and_the_fix()
        {
            var appId = await _cloud.SeedAppAsync(new { displayName = "core wrong secret", passwordCredentials = new[] { new { secretText = EmulatedCloud.NewSecret() } } });
            var guess = Guid.NewGuid().ToString();

            var error = await Assert.ThrowsAsync<S2SException>(() => IdentitySignIn.ConnectAsync(new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud)
            {
                Tenant = _cloud.TenantId, ClientId = appId, ClientSecret = EmulatedCloud.Secure(guess),
            }, CancellationToken.None));

            Assert.Equal("S2S.InvalidClientSecret", error.ErrorId.Value);
            Assert.Equal("AADSTS7000215", error.ServiceErrorCode);
            Assert.Contains("secret's ID", error.Message);
            Assert.False(string.IsNullOrEmpty(error.CorrelationId));
            Assert.DoesNotContain(guess, error.Message);
        }

        [Theory]
        [InlineData("nosuchtenant.onmicrosoft.com", "S2S.TenantNotFound", "AADSTS90002")]
        [InlineData("contoso.onmicrosoft.com", "S2S.ClientNotFound", "AADSTS700016")]
        public async Task Unknown_tenant_or_client_is_named(string tenant, string errorId, string code)
        {
            var error = await Assert.ThrowsAsync<S2SException>(() => IdentitySignIn.ConnectAsync(new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud)
            {
                Tenant = tenant, ClientId = Guid.NewGuid().ToString(), ClientSecret = EmulatedCloud.Secure("x"),
            }, CancellationToken.None));
            Assert.Equal(errorId, error.ErrorId.Value);
            Assert.Equal(code, error.ServiceErrorCode);
        }
    }
}
