using System;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Grant;
using Xunit;

namespace ALOps.S2S.Tests.Core.Grant
{
    public class AdminConsentLinkTests
    {
        private const string ClientId = "11111111-2222-3333-4444-555555555555";

        [Fact]
        public void Public_cloud_link_is_the_documented_v2_adminconsent_request_for_the_Business_Central_default_scope()
        {
            var link = AdminConsentLink.For(CloudEndpoints.Public, "customer.onmicrosoft.com", ClientId, "https://businesscentral.dynamics.com/OAuthLanding.htm", "abc");
            Assert.Equal("https://login.microsoftonline.com/customer.onmicrosoft.com/v2.0/adminconsent?client_id=" + ClientId
                + "&scope=https%3A%2F%2Fapi.businesscentral.dynamics.com%2F.default&redirect_uri=https%3A%2F%2Fbusinesscentral.dynamics.com%2FOAuthLanding.htm&state=abc", link);
        }

        [Fact]
        public void Custom_cloud_link_uses_the_configured_authority_host()
        {
            var cloud = CloudEndpoints.Custom("https://login.example.test:8443", null, null);
            var link = new Uri(AdminConsentLink.For(cloud, "customer.onmicrosoft.com", ClientId, "https://businesscentral.dynamics.com/OAuthLanding.htm"));
            Assert.Equal("login.example.test", link.Host);
            Assert.Equal(8443, link.Port);
            Assert.Equal("/customer.onmicrosoft.com/v2.0/adminconsent", link.AbsolutePath);
            Assert.Matches("&state=[0-9a-f]{32}$", link.Query);
        }
    }
}
