using System.Collections;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;
using Xunit;

namespace ALOps.S2S.Tests.Core
{
    public class CloudEndpointsTests
    {
        [Fact]
        public void Environment_without_variables_is_the_public_cloud()
        {
            var cloud = CloudResolver.FromEnvironment(new Hashtable());
            Assert.Same(CloudEndpoints.Public, cloud);
            Assert.False(cloud.IsCustom);
        }

        [Fact]
        public void Environment_variables_replace_only_the_hosts()
        {
            var cloud = CloudResolver.FromEnvironment(new Hashtable
            {
                [CloudResolver.AuthorityHostVariable] = "https://127.0.0.1:8443/",
                [CloudResolver.GraphEndpointVariable] = "https://127.0.0.1:8444",
            });
            Assert.True(cloud.IsCustom);
            Assert.Equal("https://127.0.0.1:8443/contoso.onmicrosoft.com/", cloud.AuthorityFor("contoso.onmicrosoft.com").ToString());
            Assert.Equal("https://127.0.0.1:8444/", cloud.GraphEndpoint.ToString());
            Assert.Equal(CloudEndpoints.Public.BusinessCentralEndpoint, cloud.BusinessCentralEndpoint);
            Assert.Equal("https://api.businesscentral.dynamics.com/.default", CloudEndpoints.ScopeFor(CloudEndpoints.BusinessCentralResource));
        }

        [Theory]
        [InlineData("http://login.example.com")]
        [InlineData("https://login.example.com/tenant")]
        [InlineData("https://user:pw@login.example.com")]
        [InlineData("login.example.com")]
        public void Rejects_endpoints_that_are_not_https_hosts(string value)
        {
            var error = Assert.Throws<S2SException>(() => CloudEndpoints.Custom(value, null, null));
            Assert.Equal("S2S.InvalidCloudEndpoint", error.ErrorId.Value);
            Assert.DoesNotContain("pw", error.Message.Replace(value, string.Empty));
        }
    }
}
