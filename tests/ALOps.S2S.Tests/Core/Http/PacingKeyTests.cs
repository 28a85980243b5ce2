using System.Net.Http.Headers;
using System.Text;
using ALOps.S2S.Core.Http;
using Xunit;

namespace ALOps.S2S.Tests.Core.Http
{
    /// <summary>What a request is paced by: scheme, host, port and the tenant it acts for.</summary>
    public class PacingKeyTests
    {
        internal static string TokenFor(string tenantId)
        {
            static string Segment(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return Segment("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Segment("{\"tid\":\"" + tenantId + "\",\"aud\":\"https://graph.microsoft.com\"}") + ".sig";
        }

        internal static HttpRequestMessage Request(string url, string? tenantId = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (tenantId != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(tenantId));
            return request;
        }

        [Fact]
        public void The_tenant_is_the_tid_of_the_bearer_token()
        {
            var key = PacingKey.For(Request("https://graph.microsoft.com/v1.0/applications", "6F1C3A52-0000-4000-8000-000000000001"));
            Assert.Equal("6f1c3a52-0000-4000-8000-000000000001", key.Tenant);
            Assert.Equal("graph.microsoft.com", key.Host);
        }

        [Theory]
        [InlineData("https://login.microsoftonline.com/Contoso.onmicrosoft.com/oauth2/v2.0/token", "contoso.onmicrosoft.com")]
        [InlineData("https://login.microsoftonline.com/6f1c3a52-0000-4000-8000-000000000001/oauth2/token", "6f1c3a52-0000-4000-8000-000000000001")]
        public void A_token_endpoint_is_keyed_by_the_tenant_in_its_path(string url, string tenant)
            => Assert.Equal(tenant, PacingKey.For(new HttpRequestMessage(HttpMethod.Post, url)).Tenant);

        [Theory]
        [InlineData("https://api.businesscentral.dynamics.com/admin/v2.24/applications/BusinessCentral/environments")]
        [InlineData("https://graph.microsoft.com/v1.0/oauth2PermissionGrants")]
        [InlineData("http://169.254.169.254/metadata/identity/oauth2/token")]
        public void Without_a_bearer_token_or_a_tenant_path_there_is_no_tenant(string url)
            => Assert.Null(PacingKey.For(new HttpRequestMessage(HttpMethod.Get, url)).Tenant);

        [Fact]
        public void A_token_that_is_no_JWT_gives_no_tenant()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "opaque");
            Assert.Null(PacingKey.For(request).Tenant);
        }

        [Fact]
        public void Tenants_schemes_hosts_and_ports_make_different_keys()
        {
            var keys = new[]
            {
                PacingKey.For(Request("https://graph.example/v1.0/a", "t1")).Value,
                PacingKey.For(Request("https://graph.example/v1.0/a", "t2")).Value,
                PacingKey.For(Request("https://bc.example/v1.0/a", "t1")).Value,
                PacingKey.For(Request("https://graph.example:8443/v1.0/a", "t1")).Value,
                PacingKey.For(Request("http://graph.example/v1.0/a", "t1")).Value,
                PacingKey.For(Request("https://graph.example/v1.0/a")).Value,
            };
            Assert.Equal(keys.Length, keys.Distinct().Count());
            Assert.Equal(keys[0], PacingKey.For(Request("https://GRAPH.example:443/v1.0/other?x=1", "T1")).Value);
            Assert.Equal("graph.example:8443", PacingKey.For(Request("https://graph.example:8443/")).Host);
        }
    }
}
