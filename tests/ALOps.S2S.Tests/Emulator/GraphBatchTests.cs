using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;
using static ALOps.S2S.Tests.Emulator.Infrastructure.GraphBatchClient;

namespace ALOps.S2S.Tests.Emulator;

/// <summary>Microsoft Graph JSON batching on the graph host (CONTRACT.md "Graph JSON batching", setting <c>graphBatch</c>).</summary>
public sealed class GraphBatchTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private const string BusinessCentral = GraphClient.BusinessCentralAppId;

    private GraphClient Graph => new(Host, Emulator);

    private GraphBatchClient Batches => new(Host, Emulator.Http);

    private Task PutFaultsAsync(object body) => Emulator.SendAsync(HttpMethod.Put, "/control/faults", body);

    [Fact]
    public async Task TwoGets_AreAnsweredInOrder_WithTheDirectAnswers()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await Graph.CreateApplicationAsync(token, new { displayName = "Batched" });
        var filter = "applications?$filter=displayName eq 'Batched'";
        var servicePrincipal = $"servicePrincipals(appId='{BusinessCentral}')";

        var batch = await Batches.BatchAsync(token, Get("1", "/" + filter), Get("2", servicePrincipal));

        Assert.Equal("application/json", batch.Outer.Message.Content.Headers.ContentType!.MediaType);
        var responses = batch.Responses;
        Assert.Equal(["1", "2"], responses.Select(r => (string)r["id"]!));
        Assert.All(responses, r =>
        {
            Assert.Equal(200, (int)r["status"]!);
            Assert.StartsWith("application/json", (string)r["headers"]!["content-type"]!);
        });
        Assert.Single(responses[0]["body"]!["value"]!.AsArray());
        Assert.True(JsonNode.DeepEquals((await Graph.GetAsync(token, filter)).Json, responses[0]["body"]));
        Assert.True(JsonNode.DeepEquals((await Graph.GetAsync(token, servicePrincipal)).Json, responses[1]["body"]));
    }

    [Fact]
    public async Task InnerNotFound_StandsNextToAnInnerOk()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var responses = (await Batches.BatchAsync(token,
            Get("missing", $"applications(appId='{Guid.NewGuid()}')"), Get("bc", $"/servicePrincipals(appId='{BusinessCentral}')"))).Responses;

        Assert.Equal(404, (int)responses[0]["status"]!);
        var error = responses[0]["body"]!["error"]!;
        Assert.Equal("Request_ResourceNotFound", (string?)error["code"]);
        Assert.False(string.IsNullOrEmpty((string?)error["innerError"]!["request-id"]));
        Assert.Equal(200, (int)responses[1]["status"]!);
        Assert.Equal(BusinessCentral, (string?)responses[1]["body"]!["appId"]);
    }

    [Fact]
    public async Task InnerUrls_WithAndWithoutLeadingSlash_AddressTheVersionRoot()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll, GraphClient.AppRoleAssignmentReadWriteAll);
        var responses = (await Batches.BatchAsync(token,
            Get("slash", $"/servicePrincipals(appId='{BusinessCentral}')/appRoleAssignments"),
            Get("noSlash", $"servicePrincipals(appId='{BusinessCentral}')/appRoleAssignments"),
            Get("select", $"servicePrincipals(appId='{BusinessCentral}')?$select=id,appId"))).Responses;

        Assert.All(responses, r => Assert.True((int)r["status"]! == 200, r.ToJsonString()));
        Assert.True(JsonNode.DeepEquals(responses[0]["body"], responses[1]["body"]));
        Assert.Equal(["@odata.context", "id", "appId"], ((JsonObject)responses[2]["body"]!).Select(p => p.Key));
        Assert.StartsWith($"{Host.GraphEndpoint}/v1.0/$metadata#", (string)responses[2]["body"]!["@odata.context"]!);
    }

    [Fact]
    public async Task AbsoluteInnerUrl_IsInnerBadRequest()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var responses = (await Batches.BatchAsync(token,
            Get("absolute", $"{Host.GraphEndpoint}/v1.0/applications"),
            Get("microsoft", "https://graph.microsoft.com/v1.0/applications"),
            Get("nested", "$batch"),
            Get("ok", "applications"))).Responses;

        foreach (var refused in responses.Take(3))
        {
            Assert.True((int)refused["status"]! == 400, refused.ToJsonString());
            Assert.Equal("BadRequest", (string?)refused["body"]!["error"]!["code"]);
            Assert.NotNull(refused["body"]!["error"]!["innerError"]!["date"]);
        }
        Assert.Equal(200, (int)responses[3]["status"]!);
        Assert.DoesNotContain(await Emulator.RequestLogAsync(), e => e!["batch"] is not null && !((string)e["path"]!).EndsWith("/applications"));
    }

    [Fact]
    public async Task MoreThanTwentyRequests_IsBadRequest()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var requests = Enumerable.Range(1, 21).Select(i => Get(i.ToString(), "applications")).ToArray();
        var tooMany = (await Batches.BatchAsync(token, requests)).Outer;
        tooMany.AssertError(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("The limit is 20", tooMany.ErrorMessage);
        Assert.DoesNotContain(await Emulator.RequestLogAsync(), e => e!["batch"] is not null);

        Assert.Equal(20, (await Batches.BatchAsync(token, requests[..20])).Responses.Count);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"value\":[]}")]
    [InlineData("{\"requests\":{}}")]
    [InlineData("{\"requests\":[{\"method\":\"GET\",\"url\":\"applications\"}]}")]
    [InlineData("{\"requests\":[{\"id\":\"1\",\"url\":\"applications\"}]}")]
    [InlineData("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\"}]}")]
    [InlineData("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"applications\"},{\"id\":\"1\",\"method\":\"GET\",\"url\":\"servicePrincipals\"}]}")]
    public async Task MalformedBody_IsBadRequest(string body)
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        (await Batches.BatchRawAsync(token, body)).Outer.AssertError(HttpStatusCode.BadRequest, "BadRequest");
        Assert.DoesNotContain(await Emulator.RequestLogAsync(), e => e!["batch"] is not null);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task MissingOrInvalidToken_IsUnauthorized_WithoutRunningInnerRequests(string? token)
    {
        (await Batches.BatchAsync(token, Get("1", "applications"))).Outer.AssertError(HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        var log = await Emulator.RequestLogAsync();
        Assert.DoesNotContain(log, e => e!["batch"] is not null);
        Assert.Contains(log, e => (string?)e!["path"] == "/v1.0/$batch" && (int)e["status"]! == 401 && e["batchId"] is null);
    }

    [Fact]
    public async Task DependsOnAFailedRequest_IsFailedDependency_AndOnASucceededOneRuns()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var responses = (await Batches.BatchAsync(token,
            Get("missing", $"applications(appId='{Guid.NewGuid()}')"),
            Get("afterMissing", "applications", "missing"),
            Get("afterThat", "applications", "afterMissing"),
            Get("bc", $"servicePrincipals(appId='{BusinessCentral}')"),
            Get("afterBc", $"servicePrincipals(appId='{BusinessCentral}')/appRoleAssignedTo", "bc"))).Responses;

        Assert.Equal([404, 424, 424, 200, 200], responses.Select(r => (int)r["status"]!));
        Assert.All(responses.Skip(1).Take(2), r =>
        {
            Assert.Equal("FailedDependency", (string?)r["body"]!["error"]!["code"]);
            Assert.StartsWith("application/json", (string)r["headers"]!["content-type"]!);
        });
    }

    [Fact]
    public async Task ThrottleFaultOnAnInnerGet_IsThatInnerAnswer_WhileTheOtherRuns()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await PutFaultsAsync(new { host = "graph", kind = "throttle", method = "GET", pathContains = "/servicePrincipals", retryAfterSeconds = 7 });
        var responses = (await Batches.BatchAsync(token, Get("sp", $"servicePrincipals(appId='{BusinessCentral}')"), Get("apps", "applications"))).Responses;

        Assert.Equal(429, (int)responses[0]["status"]!);
        Assert.Equal("7", (string?)responses[0]["headers"]!["retry-after"]);
        Assert.Equal("TooManyRequests", (string?)responses[0]["body"]!["error"]!["code"]);
        Assert.Equal(200, (int)responses[1]["status"]!);
        Assert.Contains(await Emulator.RequestLogAsync(), e => (string?)e!["fault"] == "throttle" && e["batch"] is not null);
    }

    [Fact]
    public async Task DropFaultOnAnInnerRequest_AbortsTheBatchConnection()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await PutFaultsAsync(new { host = "graph", kind = "drop", pathContains = "/servicePrincipals", count = 1 });
        using var handler = TrustedHttp.CreateHandler(Host.CaCertificate);
        using var fresh = new HttpClient(handler);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => new GraphBatchClient(Host, fresh).BatchAsync(token,
            Get("apps", "applications"), Get("sp", $"servicePrincipals(appId='{BusinessCentral}')"), Get("after", "applications")));
        Assert.True(failure is HttpRequestException or IOException, failure.ToString());
        var inner = (await Emulator.RequestLogAsync()).Where(e => e!["batch"] is not null).ToList();
        Assert.Equal(["/v1.0/applications", $"/v1.0/servicePrincipals(appId='{BusinessCentral}')"], inner.Select(e => (string)e!["path"]!));
        Assert.Equal("drop", (string?)inner[1]!["fault"]);
    }

    [Fact]
    public async Task RequestLog_InnerEntriesNameTheirBatch_TheBatchCountsItsOperations()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await Emulator.SendAsync(HttpMethod.Delete, "/control/requests", null);

        (await Batches.BatchAsync(token, Get("1", "applications?$filter=displayName eq 'x'"), Get("2", $"applications(appId='{Guid.NewGuid()}')")))
            .Outer.AssertStatus(HttpStatusCode.OK);

        var log = (await Emulator.RequestLogAsync()).Select(e => (JsonObject)e!).ToList();
        var outer = log.Single(e => (string?)e["path"] == "/v1.0/$batch");
        Assert.Equal("POST", (string?)outer["method"]);
        Assert.Equal("graph", (string?)outer["host"]);
        Assert.Equal(200, (int)outer["status"]!);
        Assert.Equal(2, (int)outer["operations"]!);
        Assert.Null(outer["batch"]);
        var batchId = (string)outer["batchId"]!;
        Assert.True(Guid.TryParse(batchId, out _));
        Assert.Equal(log.Count - 1, log.IndexOf(outer));

        var inner = log.Where(e => (string?)e["batch"] == batchId).ToList();
        Assert.Equal(2, inner.Count);
        Assert.Equal("/v1.0/applications", (string?)inner[0]["path"]);
        Assert.StartsWith("/v1.0/applications(appId='", (string)inner[1]["path"]!);
        Assert.Contains("filter=displayName", (string)inner[0]["query"]!);
        Assert.Equal([200, 404], inner.Select(e => (int)e["status"]!));
        Assert.All(inner, e =>
        {
            Assert.Equal("GET", (string?)e["method"]);
            Assert.Equal("graph", (string?)e["host"]);
            Assert.Equal((string?)outer["clientId"], (string?)e["clientId"]);
            Assert.Equal((string?)outer["tenant"], (string?)e["tenant"]);
            Assert.Null(e["operations"]);
            Assert.Null(e["batchId"]);
        });
    }

    [Fact]
    public async Task InnerPost_CreatesAnApplication_AndIsLoggedAsPost()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var responses = (await Batches.BatchAsync(token,
            new { id = "create", method = "POST", url = "/applications", body = new { displayName = "Made in a batch" }, headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" } },
            Get("read", "applications?$filter=displayName eq 'Made in a batch'", "create"))).Responses;

        Assert.Equal(201, (int)responses[0]["status"]!);
        var appId = (string)responses[0]["body"]!["appId"]!;
        Assert.Equal(appId, (string?)Assert.Single(responses[1]["body"]!["value"]!.AsArray())!["appId"]);
        Assert.Equal(200, (int)(await Graph.GetAsync(token, $"applications(appId='{appId}')")).Status);
        Assert.Contains(await Emulator.RequestLogAsync(), e =>
            e!["batch"] is not null && (string?)e["method"] == "POST" && (string?)e["path"] == "/v1.0/applications" && (int)e["status"]! == 201);
    }

    [Fact]
    public async Task InnerReads_MeetTheReplicationDelay_LikeDirectReads()
    {
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        var app = await Graph.CreateApplicationAsync(token, new { displayName = "Replicating" });
        var appId = (string)app["appId"]!;
        var direct = (await Graph.GetAsync(token, $"applications(appId='{appId}')")).Status;
        await Emulator.PatchSettingsAsync(new { replicationDelaySeconds = 60 });
        var fresh = await Graph.CreateApplicationAsync(token, new { displayName = "Replicating later" });
        var freshAppId = (string)fresh["appId"]!;

        var responses = (await Batches.BatchAsync(token, Get("old", $"applications(appId='{appId}')"), Get("new", $"applications(appId='{freshAppId}')"))).Responses;

        Assert.Equal(HttpStatusCode.OK, direct);
        Assert.Equal((int)(await Graph.GetAsync(token, $"applications(appId='{freshAppId}')")).Status, (int)responses[1]["status"]!);
        Assert.Equal([200, 404], responses.Select(r => (int)r["status"]!));
    }

    [Fact]
    public async Task BatchSwitchedOff_IsNotFound()
    {
        var settings = (JsonObject)(await Emulator.GetJsonAsync("/control/settings"))!;
        Assert.True((bool)settings["graphBatch"]!);
        var token = await Graph.AppTokenAsync(GraphClient.ApplicationReadWriteAll);
        await Emulator.PatchSettingsAsync(new { graphBatch = false });

        var batch = (await Batches.BatchAsync(token, Get("1", "applications"))).Outer;
        batch.AssertError(HttpStatusCode.NotFound, "NotFound");
        Assert.DoesNotContain(await Emulator.RequestLogAsync(), e => e!["batch"] is not null || e["batchId"] is not null);

        await Emulator.PatchSettingsAsync(new { graphBatch = true });
        Assert.Equal(200, (int)(await Batches.BatchAsync(token, Get("1", "applications"))).Responses.Single()["status"]!);
    }
}
