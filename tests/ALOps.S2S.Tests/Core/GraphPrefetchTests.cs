using System.Net;
using System.Text;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Xunit;
using ALOps.S2S.Core.Graph;

namespace ALOps.S2S.Tests.Core
{
    /// <summary>The read-ahead against a Graph stand-in that answers a $batch with something that is no batch answer.</summary>
    public class GraphPrefetchTests
    {
        /// <summary>Answers every request 200 with the same JSON, and counts the $batch requests.</summary>
        private sealed class StandIn : HttpMessageHandler
        {
            private readonly string _body;
            public int Batches;

            public StandIn(string body) => _body = body;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal)) Interlocked.Increment(ref Batches);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(_body, Encoding.UTF8, "application/json") });
            }
        }

        [Theory]
        [InlineData("{\"value\":[]}")]
        [InlineData("{\"responses\":[{\"id\":\"other\",\"status\":200}]}")]
        public async Task An_answer_that_is_no_batch_answer_leaves_every_read_to_its_step_and_is_not_asked_again(string body)
        {
            var standIn = new StandIn(body);
            using var http = new HttpClient(standIn);
            var graph = new GraphServiceClient(http, new AnonymousAuthenticationProvider(), $"https://graph-{Guid.NewGuid():N}.example/v1.0");
            var reads = new Dictionary<string, RequestInformation>
            {
                ["app"] = graph.ApplicationsWithAppId("a").ToGetRequestInformation(),
                ["sp"] = graph.ServicePrincipalsWithAppId("a").ToGetRequestInformation(),
            };

            var first = await GraphPrefetch.ReadAsync(graph, reads, "read the app", "a", CancellationToken.None);
            var second = await GraphPrefetch.ReadAsync(graph, reads, "read the app", "a", CancellationToken.None);

            Assert.Null(await first.GetAsync<Application>("app"));
            Assert.Null(await first.GetAsync<ServicePrincipal>("sp"));
            Assert.Null(await second.GetAsync<Application>("app"));
            Assert.Equal(1, standIn.Batches);
        }
    }
}
