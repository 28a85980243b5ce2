using System.Net;
using System.Net.Http.Json;
using System.Security;
using System.Text.Json.Nodes;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Identity;
using Xunit;

namespace ALOps.S2S.Tests.Core.Emulated
{
    /// <summary>S2SSession.ForTenantAsync: one operator sign-in acting in customer tenants.</summary>
    [Collection(EmulatedCloudCollection.Name)]
    public sealed class TenantSessionTests
    {
        private const string Admin = "admin@contoso.onmicrosoft.com";
        private readonly EmulatedCloud _cloud;

        public TenantSessionTests(EmulatedCloud cloud) => _cloud = cloud;

        private async Task<List<JsonNode>> TokenRequestsAsync()
            => (await _cloud.RequestLogAsync()).Where(r => (string?)r!["host"] == "login" && ((string?)r!["path"])!.EndsWith("/oauth2/v2.0/token")).Select(r => r!).ToList();

        [Fact]
        public async Task A_delegated_admin_gets_one_view_per_customer_tenant_by_domain_or_guid()
        {
            var customer = await _cloud.NewCustomerTenantAsync(Admin);
            using var home = await _cloud.ContosoAdminAsync();

            var byDomain = await home.ForTenantAsync(customer.Domain, CancellationToken.None);
            var byGuid = await home.ForTenantAsync(customer.Id.ToUpperInvariant(), CancellationToken.None);
            var fromView = await byDomain.ForTenantAsync(customer.Id, CancellationToken.None);

            Assert.NotSame(home, byDomain);
            Assert.Same(byDomain, byGuid);
            Assert.Same(byDomain, fromView);
            Assert.Equal(customer.Id, byDomain.TenantId, ignoreCase: true);
            Assert.Equal(_cloud.TenantId, home.TenantId);
            Assert.Equal(home.Account, byDomain.Account);
            Assert.Equal("User", byDomain.AccountType);
            Assert.False(byDomain.IsAppOnly);
        }

        [Fact]
        public async Task A_customer_token_is_for_the_customer_and_requested_once()
        {
            var customer = await _cloud.NewCustomerTenantAsync(Admin);
            using var home = await _cloud.ContosoAdminAsync();
            var view = await home.ForTenantAsync(customer.Domain, CancellationToken.None);
            await _cloud.ClearRequestLogAsync();

            var graph = await view.GetTokenAsync(CloudEndpoints.GraphResource, CancellationToken.None);
            var afterFirst = await TokenRequestsAsync();
            var graphAgain = await view.GetTokenAsync(CloudEndpoints.GraphResource, CancellationToken.None);
            var afterSecond = await TokenRequestsAsync();

            Assert.Equal(customer.Id, graph.Claims!.TenantId, ignoreCase: true);
            Assert.Equal(Admin, graph.Claims.UserPrincipalName, ignoreCase: true);
            Assert.Equal(graph.Value, graphAgain.Value);
            var request = Assert.Single(afterFirst);
            Assert.Equal(customer.Id, (string?)request["tenant"], ignoreCase: true);
            Assert.Equal("refresh_token", (string?)request["grantType"]);
            Assert.Equal(200, (int)request["status"]!);
            Assert.Single(afterSecond);
            Assert.True(view.TokenExpiries.ContainsKey(CloudEndpoints.GraphResource));

            var bc = await view.GetTokenAsync(CloudEndpoints.BusinessCentralResource, CancellationToken.None);
            Assert.Equal(customer.Id, bc.Claims!.TenantId, ignoreCase: true);
            Assert.Equal(CloudEndpoints.BusinessCentralResource, bc.Claims.Audience);
            var tokenRequests = await TokenRequestsAsync();
            Assert.Equal(2, tokenRequests.Count);
            Assert.All(tokenRequests, r => Assert.Equal(customer.Id, (string?)r["tenant"], ignoreCase: true));
        }

        [Fact]
        public async Task Its_own_tenant_by_guid_or_by_the_domain_it_connected_with_is_the_session_itself()
        {
            using var home = await _cloud.ContosoAdminAsync();
            await _cloud.ClearRequestLogAsync();

            Assert.Same(home, await home.ForTenantAsync(_cloud.TenantId, CancellationToken.None));
            Assert.Same(home, await home.ForTenantAsync(_cloud.TenantId.ToUpperInvariant(), CancellationToken.None));
            Assert.Same(home, await home.ForTenantAsync("contoso.onmicrosoft.com", CancellationToken.None));
            Assert.Same(home, await home.ForTenantAsync("CONTOSO.onmicrosoft.com", CancellationToken.None));
            Assert.Same(home, await home.ForTenantAsync(null, CancellationToken.None));
            Assert.Same(home, await home.ForTenantAsync(" ", CancellationToken.None));
            Assert.Empty(await _cloud.RequestLogAsync());
        }

        [Fact]
        public async Task Its_own_tenant_by_another_of_its_domains_resolves_to_the_session_itself()
        {
            var seed = await _cloud.Control.GetFromJsonAsync<JsonObject>("control/seed");
            var contoso = seed!["tenants"]!.AsArray().First(t => (string?)t!["id"] == _cloud.TenantId)!;
            var otherDomain = contoso["domains"]!.AsArray().Select(d => (string?)d).FirstOrDefault(d => !string.Equals(d, "contoso.onmicrosoft.com", StringComparison.OrdinalIgnoreCase));
            Assert.False(otherDomain == null, "contoso has a second domain in the seeded world");
            using var home = await _cloud.ContosoAdminAsync();

            Assert.Same(home, await home.ForTenantAsync(otherDomain, CancellationToken.None));
        }

        [Fact]
        public async Task A_tenant_where_the_user_is_no_delegated_admin_fails_on_its_first_token()
        {
            var customer = await _cloud.NewCustomerTenantAsync();
            using var home = await _cloud.ContosoAdminAsync();
            var view = await home.ForTenantAsync(customer.Domain, CancellationToken.None);

            var error = await Assert.ThrowsAsync<S2SException>(() => view.GetTokenAsync(CloudEndpoints.GraphResource, CancellationToken.None));

            Assert.Equal("S2S.UserNotInTenant", error.ErrorId.Value);
            Assert.Equal(S2SErrorKind.PermissionDenied, error.Kind);
            // The home session is unaffected.
            var bc = await home.GetTokenAsync(CloudEndpoints.BusinessCentralResource, CancellationToken.None);
            Assert.Equal(_cloud.TenantId, bc.Claims!.TenantId);
        }

        [Fact]
        public async Task An_unknown_tenant_fails_without_a_view()
        {
            using var home = await _cloud.ContosoAdminAsync();
            var error = await Assert.ThrowsAsync<S2SException>(() => home.ForTenantAsync("nosuchtenant" + Guid.NewGuid().ToString("N").Substring(0, 6) + ".onmicrosoft.com", CancellationToken.None));
            Assert.Equal("S2S.TenantNotFound", error.ErrorId.Value);
        }

        [Fact]
        public async Task A_multi_tenant_app_consented_in_a_customer_tenant_gets_tokens_there()
        {
            var customer = await _cloud.NewCustomerTenantAsync();
            var secret = EmulatedCloud.NewSecret();
            var appId = await _cloud.SeedAppAsync(new
            {
                displayName = "core multi-tenant " + Guid.NewGuid().ToString("N").Substring(0, 6),
                signInAudience = "AzureADMultipleOrgs",
                passwordCredentials = new[] { new { secretText = secret } },
            });
            var consent = await _cloud.Control.PostAsJsonAsync($"control/tenants/{customer.Id}/service-principals",
                new { appId, appRoles = new[] { "API.ReadWrite.All", "Automation.ReadWrite.All" } });
            Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
            var servicePrincipalId = (await consent.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

            using var home = await IdentitySignIn.ConnectAsync(new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud)
            {
                Tenant = "contoso.onmicrosoft.com", ClientId = appId, ClientSecret = EmulatedCloud.Secure(secret),
            }, CancellationToken.None);
            var view = await home.ForTenantAsync(customer.Domain, CancellationToken.None);
            await _cloud.ClearRequestLogAsync();
            var bc = await view.GetTokenAsync(CloudEndpoints.BusinessCentralResource, CancellationToken.None);
            await view.GetTokenAsync(CloudEndpoints.BusinessCentralResource, CancellationToken.None);

            Assert.Equal(customer.Id, view.TenantId, ignoreCase: true);
            Assert.True(view.IsAppOnly);
            Assert.Equal(customer.Id, bc.Claims!.TenantId, ignoreCase: true);
            Assert.Equal(servicePrincipalId, bc.Claims.ObjectId, ignoreCase: true);
            Assert.Equal(new[] { "API.ReadWrite.All", "Automation.ReadWrite.All" }, bc.Claims.Roles.OrderBy(r => r));
            var request = Assert.Single(await TokenRequestsAsync());
            Assert.Equal("client_credentials", (string?)request["grantType"]);
            Assert.Equal(appId, (string?)request["clientId"], ignoreCase: true);
            Assert.Equal(customer.Id, (string?)request["tenant"], ignoreCase: true);

            // The home session still gets its own tenant's token.
            var homeBc = await home.GetTokenAsync(CloudEndpoints.BusinessCentralResource, CancellationToken.None);
            Assert.Equal(_cloud.TenantId, homeBc.Claims!.TenantId);
        }

        [Fact]
        public async Task A_single_tenant_app_cannot_get_a_token_in_another_tenant()
        {
            var customer = await _cloud.NewCustomerTenantAsync();
            var secret = EmulatedCloud.NewSecret();
            var appId = await _cloud.SeedAppAsync(new { displayName = "core single-tenant", signInAudience = "AzureADMyOrg", passwordCredentials = new[] { new { secretText = secret } } });
            using var home = await IdentitySignIn.ConnectAsync(new SignInRequest(SignInMode.ClientSecret, _cloud.Cloud)
            {
                Tenant = _cloud.TenantId, ClientId = appId, ClientSecret = EmulatedCloud.Secure(secret),
            }, CancellationToken.None);
            var view = await home.ForTenantAsync(customer.Id, CancellationToken.None);

            var error = await Assert.ThrowsAsync<S2SException>(() => view.GetTokenAsync(CloudEndpoints.BusinessCentralResource, CancellationToken.None));
            Assert.Equal("S2S.ClientNotFound", error.ErrorId.Value); // AADSTS700016: the app is not in that directory
            Assert.DoesNotContain(secret, error.Message);
        }

        [Fact]
        public async Task A_session_made_from_access_tokens_cannot_act_in_another_tenant()
        {
            var customer = await _cloud.NewCustomerTenantAsync(Admin);
            string graphToken;
            using (var person = await _cloud.ContosoAdminAsync())
                graphToken = (await person.GetTokenAsync(CloudEndpoints.GraphResource, CancellationToken.None)).Value;
            using var session = await IdentitySignIn.ConnectAsync(new SignInRequest(SignInMode.AccessToken, _cloud.Cloud)
            {
                GraphAccessToken = EmulatedCloud.Secure(graphToken),
            }, CancellationToken.None);
            Assert.Equal(_cloud.TenantId, session.TenantId);

            var byDomain = await Assert.ThrowsAsync<S2SException>(() => session.ForTenantAsync(customer.Domain, CancellationToken.None));
            var byGuid = await Assert.ThrowsAsync<S2SException>(() => session.ForTenantAsync(customer.Id, CancellationToken.None));

            Assert.Equal("S2S.TenantNotReachable", byDomain.ErrorId.Value);
            Assert.Equal("S2S.TenantNotReachable", byGuid.ErrorId.Value);
            Assert.Equal(S2SErrorKind.PermissionDenied, byDomain.Kind);
            Assert.Contains(customer.Domain, byDomain.Message);
            Assert.Same(session, await session.ForTenantAsync(_cloud.TenantId, CancellationToken.None));
        }

        [Fact]
        public async Task Disposing_a_tenant_view_does_not_end_the_home_session()
        {
            var customer = await _cloud.NewCustomerTenantAsync(Admin);
            var other = await _cloud.NewCustomerTenantAsync(Admin);
            using var home = await _cloud.ContosoAdminAsync();
            var view = await home.ForTenantAsync(customer.Id, CancellationToken.None);
            await view.GetTokenAsync(CloudEndpoints.GraphResource, CancellationToken.None);

            view.Dispose();

            // Both need the HTTP chain again: a token not cached yet, and a tenant not resolved yet.
            var bc = await home.GetTokenAsync(CloudEndpoints.BusinessCentralResource, CancellationToken.None);
            Assert.Equal(_cloud.TenantId, bc.Claims!.TenantId);
            var otherView = await home.ForTenantAsync(other.Domain, CancellationToken.None);
            var otherToken = await otherView.GetTokenAsync(CloudEndpoints.GraphResource, CancellationToken.None);
            Assert.Equal(other.Id, otherToken.Claims!.TenantId, ignoreCase: true);
            var viewBc = await view.GetTokenAsync(CloudEndpoints.BusinessCentralResource, CancellationToken.None);
            Assert.Equal(customer.Id, viewBc.Claims!.TenantId, ignoreCase: true);
        }

        [Fact]
        public async Task Concurrent_rows_asking_for_one_tenant_share_one_view_and_one_resolution()
        {
            var customer = await _cloud.NewCustomerTenantAsync(Admin);
            using var home = await _cloud.ContosoAdminAsync();
            await _cloud.ClearRequestLogAsync();

            var views = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
                home.ForTenantAsync(i % 2 == 0 ? customer.Domain : customer.Domain.ToUpperInvariant(), CancellationToken.None))));

            Assert.All(views, v => Assert.Same(views[0], v));
            var discovery = (await _cloud.RequestLogAsync()).Where(r => ((string?)r!["path"])!.EndsWith("/.well-known/openid-configuration")).ToList();
            Assert.Single(discovery);
        }

        [Fact]
        public async Task A_cancelled_tenant_resolution_is_not_remembered()
        {
            var customer = await _cloud.NewCustomerTenantAsync(Admin);
            using var home = await _cloud.ContosoAdminAsync();
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => home.ForTenantAsync(customer.Domain, cancelled.Token));
            var view = await home.ForTenantAsync(customer.Domain, CancellationToken.None);

            Assert.Equal(customer.Id, view.TenantId, ignoreCase: true);
        }
    }
}
