using System.Net;
using ALOps.S2S.Core.Http;
using ALOps.S2S.Emulator.Recording;
using Xunit;

namespace ALOps.S2S.Tests.Core.Emulated
{
    /// <summary>The process's one connection pool: HTTP/2 where the service offers it, HTTP/1.1 where it does not.</summary>
    [Collection(EmulatedCloudCollection.Name)]
    public sealed class SharedTransportTests
    {
        private readonly EmulatedCloud _cloud;

        public SharedTransportTests(EmulatedCloud cloud) => _cloud = cloud;

        [Fact]
        public async Task Speaks_HTTP2_to_a_service_that_offers_it_and_keeps_one_connection_for_many_calls()
        {
            using var http = new S2SHttpClientFactory();
            var url = $"{_cloud.Cloud.AuthorityHost.ToString().TrimEnd('/')}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration";

            var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => http.GetHttpClient().GetAsync(url)));

            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            Assert.All(answers, a => Assert.Equal(HttpVersion.Version20, a.Version));
        }

        [Fact]
        public async Task Falls_back_to_HTTP11_where_the_service_offers_only_that()
        {
            // The recording proxy of build.ps1 -Task LiveTest offers HTTP/1.1 alone, as an older gateway would.
            var work = Directory.CreateTempSubdirectory("alops-s2s-http11-").FullName;
            await using var proxy = await RecordingProxy.StartAsync(new RecorderOptions(Path.Combine(work, "recording"), Path.Combine(work, "proxy"),
                Environment.GetEnvironmentVariable("ALOPS_S2S_EMULATOR_CA_DIR"), _cloud.Cloud.AuthorityHost, _cloud.Cloud.GraphEndpoint,
                _cloud.Cloud.BusinessCentralEndpoint, ExitOnStdinClose: false));
            using var http = new S2SHttpClientFactory();

            var answer = await http.GetHttpClient().GetAsync($"{proxy.AuthorityHost.TrimEnd('/')}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration");

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(HttpVersion.Version11, answer.Version);
        }
    }
}
