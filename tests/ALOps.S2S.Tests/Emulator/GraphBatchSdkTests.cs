using System.Net;
using System.Net.Http.Headers;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Microsoft.Graph;
using Microsoft.Graph.Core.Requests;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Xunit;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>Graph JSON batching through the Microsoft Graph SDK's batch content (what the product sends and reads).</summary>
public sealed class GraphBatchSdkTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    [Fact]
    public async Task SdkBatch_ReadsEachStepLikeItsDirectRequest()
    {
        using var graph = await ClientAsync();
        var missing = Guid.NewGuid().ToString();
        var batch = new BatchRequestContentCollection(graph);
        await batch.AddBatchRequestStepAsync(graph.ServicePrincipalsWithAppId(GraphClient.BusinessCentralAppId).ToGetRequestInformation(r => r.QueryParameters.Select = ["id", "appId", "appRoles"]), "bc");
        await batch.AddBatchRequestStepAsync(graph.ApplicationsWithAppId(missing).ToGetRequestInformation(), "missing");
        await batch.AddBatchRequestStepAsync(graph.Applications.ToGetRequestInformation(r => r.QueryParameters.Filter = "displayName eq 'nobody'"), "filter");

        var responses = await graph.Batch.PostAsync(batch);
        var statuses = await responses.GetResponsesStatusCodesAsync();

        Assert.Equal(HttpStatusCode.OK, statuses["bc"]);
        Assert.Equal(HttpStatusCode.NotFound, statuses["missing"]);
        Assert.Equal(HttpStatusCode.OK, statuses["filter"]);
        var bc = await responses.GetResponseByIdAsync<ServicePrincipal>("bc");
        Assert.Equal(GraphClient.BusinessCentralAppId, bc.AppId);
        Assert.Contains(bc.AppRoles!, r => r.Value == "API.ReadWrite.All");
        Assert.Empty((await responses.GetResponseByIdAsync<ApplicationCollectionResponse>("filter")).Value!);
    }

    [Fact]
    public async Task SdkBatch_WithBatchingSwitchedOff_FailsWithNotFound()
    {
        using var graph = await ClientAsync();
        await Emulator.PatchSettingsAsync(new { graphBatch = false });
        var batch = new BatchRequestContentCollection(graph);
        await batch.AddBatchRequestStepAsync(graph.Applications.ToGetRequestInformation(), "1");
        await batch.AddBatchRequestStepAsync(graph.ServicePrincipals.ToGetRequestInformation(), "2");

        var failure = await Assert.ThrowsAnyAsync<ApiException>(() => graph.Batch.PostAsync(batch));
        Assert.Equal(404, failure.ResponseStatusCode);
    }

    private async Task<GraphServiceClient> ClientAsync()
    {
        var token = await new GraphClient(Host, Emulator).AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var http = new HttpClient(new BearerHandler(token) { InnerHandler = TrustedHttp.CreateHandler(Host.CaCertificate) });
        return new GraphServiceClient(http, new AnonymousAuthenticationProvider(), Host.GraphEndpoint + "/v1.0");
    }

    private sealed class BearerHandler(string token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
