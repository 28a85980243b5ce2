using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ALOps.S2S.Tests.Emulator.Infrastructure;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.BusinessCentral;

/// <summary>OData JSON <c>$batch</c> on the environment APIs (CONTRACT.md "Business Central", setting <c>odataBatch</c>).</summary>
public sealed class ODataBatchTests(EmulatorFixture fixture) : EmulatorTest(fixture)
{
    private const string Automation = BusinessCentralClient.Automation;

    private BusinessCentralClient Bc => new(Host, Emulator);

    private static object Get(string id, string url, params string[] dependsOn) => new { id, method = "GET", url, dependsOn };

    private Task PutFaultsAsync(object body) => Emulator.SendAsync(HttpMethod.Put, "/control/faults", body);

    [Fact]
    public async Task TwoGets_AreAnsweredInOrder_WithTheDirectAnswers()
    {
        var (token, company) = await AppAsync(BusinessCentralClient.D365Automation);
        var batch = await Bc.BatchAsync(token, "Sandbox", Automation,
            Get("1", $"companies({company})/users"), Get("2", $"companies({company})/permissionSets"));

        Assert.StartsWith("application/json", batch.Message.Content.Headers.ContentType!.MediaType);
        var responses = batch.Responses;
        Assert.Equal(["1", "2"], responses.Select(r => (string)r["id"]!));
        Assert.All(responses, r =>
        {
            Assert.Equal(200, (int)r["status"]!);
            Assert.Equal("application/json; odata.metadata=minimal", (string?)r["headers"]!["content-type"]);
            Assert.Equal("4.0", (string?)r["headers"]!["odata-version"]);
        });
        var users = await Bc.GetAsync(token, "Sandbox", $"{Automation}/companies({company})/users");
        var permissionSets = await Bc.GetAsync(token, "Sandbox", $"{Automation}/companies({company})/permissionSets");
        Assert.True(JsonNode.DeepEquals(users.Json, responses[0]["body"]));
        Assert.True(JsonNode.DeepEquals(permissionSets.Json, responses[1]["body"]));
    }

    [Fact]
    public async Task InnerForbidden_StandsNextToAnInnerOk()
    {
        // SECURITY reads users but grants no Read on "Published Application" (D365 AUTOMATION would list extensions).
        var (token, company) = await AppAsync(Security);
        var responses = (await Bc.BatchAsync(token, "Sandbox", Automation,
            Get("extensions", $"companies({company})/extensions"), Get("users", $"companies({company})/users"))).Responses;

        Assert.Equal(403, (int)responses[0]["status"]!);
        Assert.Equal("Authorization_RequestDenied", (string?)responses[0]["body"]!["error"]!["code"]);
        Assert.Contains("TableData", (string)responses[0]["body"]!["error"]!["message"]!);
        Assert.Equal(200, (int)responses[1]["status"]!);
        Assert.NotEmpty(responses[1]["body"]!["value"]!.AsArray());
    }

    [Fact]
    public async Task InnerUrls_RelativeAbsolutePathAndAbsoluteUrl_AddressTheBatchEnvironment()
    {
        var (token, company) = await AppAsync(BusinessCentralClient.D365Automation, BusinessCentralClient.ApiRole);
        var tenantId = await ContosoIdAsync();
        var responses = (await Bc.BatchAsync(token, "Sandbox", Automation,
            Get("relative", $"companies({company})/users"),
            Get("absolutePath", $"/v2.0/{tenantId}/sandbox/api/{Automation}/companies({company})/permissionSets"),
            Get("absoluteUrl", $"{Host.BusinessCentralEndpoint}/v2.0/{EmulatorClient.Contoso}/Sandbox/api/v2.0/companies"),
            Get("withoutTenant", $"/v2.0/Sandbox/api/v2.0/companies({company})"))).Responses;

        Assert.All(responses, r => Assert.True((int)r["status"]! == 200, r.ToJsonString()));
        Assert.Contains("/permissionSets", (string)responses[1]["body"]!["@odata.context"]!);
        Assert.Contains("/api/v2.0/$metadata#companies", (string)responses[2]["body"]!["@odata.context"]!);
        Assert.Equal(company, (string?)responses[3]["body"]!["id"]);
    }

    [Fact]
    public async Task InnerUrl_OfAnotherEnvironmentTenantOrHost_IsInnerBadRequest()
    {
        var (token, company) = await AppAsync(BusinessCentralClient.D365Automation);
        var responses = (await Bc.BatchAsync(token, "Sandbox", Automation,
            Get("otherEnvironment", $"/v2.0/{EmulatorClient.Contoso}/Production/api/{Automation}/companies"),
            Get("otherTenant", $"/v2.0/{EmulatorClient.Fabrikam}/Sandbox/api/{Automation}/companies"),
            Get("otherHost", $"https://api.businesscentral.dynamics.com/v2.0/{EmulatorClient.Contoso}/Sandbox/api/{Automation}/companies"),
            Get("notAnApi", "/admin/v2.29/applications/environments"),
            Get("ok", $"companies({company})/users"))).Responses;

        foreach (var refused in responses.Take(4))
        {
            Assert.True((int)refused["status"]! == 400, refused.ToJsonString());
            Assert.Equal("BadRequest", (string?)refused["body"]!["error"]!["code"]);
        }
        Assert.Equal(200, (int)responses[4]["status"]!);
    }

    [Fact]
    public async Task MoreThanAHundredRequests_IsBadRequest()
    {
        var (token, company) = await AppAsync(BusinessCentralClient.D365Automation);
        var requests = Enumerable.Range(1, 101).Select(i => Get(i.ToString(), $"companies({company})")).ToArray();
        var message = (await Bc.BatchAsync(token, "Sandbox", Automation, requests)).AssertODataError(HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains("too many parts", message);
        Assert.DoesNotContain(await Emulator.RequestLogAsync(), e => e!["batch"] is not null);

        var hundred = await Bc.BatchAsync(token, "Sandbox", Automation, requests[..100]);
        Assert.Equal(100, hundred.Responses.Count);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"value\":[]}")]
    [InlineData("{\"requests\":{}}")]
    [InlineData("{\"requests\":[{\"method\":\"GET\",\"url\":\"companies\"}]}")]
    [InlineData("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"companies\",\"dependsOn\":[\"2\"]}]}")]
    public async Task MalformedBody_IsBadRequest(string body)
    {
        var (token, _) = await AppAsync(BusinessCentralClient.D365Automation);
        (await Bc.BatchRawAsync(token, "Sandbox", Automation, body)).AssertODataError(HttpStatusCode.BadRequest, "BadRequest");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task MissingOrInvalidToken_IsUnauthorized_WithoutRunningInnerRequests(string? token)
    {
        var company = await Bc.CompanyIdAsync("Sandbox");
        (await Bc.BatchAsync(token, "Sandbox", Automation, Get("1", $"companies({company})/users")))
            .AssertODataError(HttpStatusCode.Unauthorized, "Authentication_InvalidCredentials");
        var log = await Emulator.RequestLogAsync();
        Assert.DoesNotContain(log, e => e!["batch"] is not null);
        Assert.Contains(log, e => ((string)e!["path"]!).EndsWith("/$batch") && (int)e["status"]! == 401);
    }

    [Fact]
    public async Task DependsOnAFailedRequest_IsFailedDependency_AndOnASucceededOneRuns()
    {
        var (token, company) = await AppAsync(Security); // users yes, extensions no
        var user = await Bc.UserSecurityIdAsync("Sandbox", "USER");
        var permissions = $"companies({company})/users({user})/userPermissions";
        var responses = (await Bc.BatchAsync(token, "Sandbox", Automation,
            Get("extensions", $"companies({company})/extensions"),
            Get("afterExtensions", $"companies({company})/users", "extensions"),
            Get("afterThat", $"companies({company})/users", "afterExtensions"),
            new { id = "assign", method = "POST", url = permissions, body = new { roleId = "D365 READ" }, headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" } },
            Get("afterAssign", permissions, "assign"))).Responses;

        Assert.Equal([403, 424, 424, 201, 200], responses.Select(r => (int)r["status"]!));
        Assert.Equal("application/json; odata.metadata=minimal", (string?)responses[1]["headers"]!["content-type"]);
        Assert.NotNull(responses[1]["body"]!["error"]!["code"]);
        Assert.EndsWith($"/userPermissions({(string)responses[3]["body"]!["id"]!})", (string)responses[3]["headers"]!["location"]!);
        Assert.Contains(responses[4]["body"]!["value"]!.AsArray(), p => (string?)p!["roleId"] == "D365 READ");
    }

    [Fact]
    public async Task InnerDelete_CarriesItsIfMatchHeader_AndAnswersWithoutBody()
    {
        var (token, company) = await AppAsync(BusinessCentralClient.D365Automation);
        var user = await Bc.UserSecurityIdAsync("Sandbox", "USER");
        var permissions = $"{Automation}/companies({company})/users({user})/userPermissions";
        var created = await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox", permissions, new { roleId = "D365 READ" });
        var entry = $"companies({company})/users({user})/userPermissions({(string)created.Json!["id"]!})";

        var responses = (await Bc.BatchAsync(token, "Sandbox", Automation,
            new { id = "withoutIfMatch", method = "DELETE", url = entry },
            new { id = "withIfMatch", method = "DELETE", url = entry, headers = new Dictionary<string, string> { ["If-Match"] = (string)created.Json["@odata.etag"]! } })).Responses;

        Assert.Equal(400, (int)responses[0]["status"]!);
        Assert.Equal(204, (int)responses[1]["status"]!);
        Assert.Null(responses[1]["body"]);
        Assert.DoesNotContain((await Bc.GetAsync(token, "Sandbox", permissions)).Items, p => (string?)p["roleId"] == "D365 READ");
    }

    [Fact]
    public async Task ThrottleFaultOnAnInnerRequest_IsThatInnerAnswer()
    {
        var (token, company) = await AppAsync(BusinessCentralClient.D365Automation);
        await PutFaultsAsync(new { host = "bc", kind = "throttle", method = "GET", pathContains = "/users", retryAfterSeconds = 7 });
        var responses = (await Bc.BatchAsync(token, "Sandbox", Automation,
            Get("users", $"companies({company})/users"), Get("permissionSets", $"companies({company})/permissionSets"))).Responses;

        Assert.Equal(429, (int)responses[0]["status"]!);
        Assert.Equal("7", (string?)responses[0]["headers"]!["retry-after"]);
        Assert.Equal("Application_TooManyRequests", (string?)responses[0]["body"]!["error"]!["code"]);
        Assert.Equal(200, (int)responses[1]["status"]!);
        Assert.Contains(await Emulator.RequestLogAsync(), e => (string?)e!["fault"] == "throttle" && e["batch"] is not null);
    }

    [Fact]
    public async Task DropFaultOnAnInnerRequest_AbortsTheBatchConnection()
    {
        var (token, company) = await AppAsync(BusinessCentralClient.D365Automation);
        await PutFaultsAsync(new { host = "bc", kind = "drop", pathContains = "/permissionSets", count = 1 });
        using var handler = TrustedHttp.CreateHandler(Host.CaCertificate);
        using var fresh = new HttpClient(handler);
        var bc = new BusinessCentralClient(Host, new EmulatorClient(Host, fresh));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => bc.BatchAsync(token, "Sandbox", Automation,
            Get("users", $"companies({company})/users"), Get("permissionSets", $"companies({company})/permissionSets")));
        Assert.True(failure is HttpRequestException or IOException, failure.ToString());
        Assert.Contains(await Emulator.RequestLogAsync(), e => (string?)e!["fault"] == "drop" && e["batch"] is not null);
    }

    [Fact]
    public async Task LatencyOfInnerRequests_AddsToTheBatch()
    {
        var (token, company) = await AppAsync(BusinessCentralClient.D365Automation);
        await PutFaultsAsync(new { host = "bc", kind = "latency", method = "GET", latencyMs = 300 });
        var watch = Stopwatch.StartNew();
        var responses = (await Bc.BatchAsync(token, "Sandbox", Automation,
            Get("1", $"companies({company})/users"), Get("2", $"companies({company})/permissionSets"))).Responses;
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(550), $"answered after {watch.Elapsed}");
        Assert.All(responses, r => Assert.Equal(200, (int)r["status"]!));
    }

    [Fact]
    public async Task RequestLog_InnerEntriesNameTheirBatch_TheBatchCountsItsOperations()
    {
        var app = await Bc.CreateAppAsync(BusinessCentralClient.AutomationRole);
        await Bc.RegisterAsync("Sandbox", app, [Security]); // users yes, extensions no
        var token = await Bc.AppTokenAsync(app);
        var company = await Bc.CompanyIdAsync("Sandbox");
        await Emulator.SendAsync(HttpMethod.Delete, "/control/requests", null);

        (await Bc.BatchAsync(token, "Sandbox", Automation,
            Get("1", $"companies({company})/users?$expand=userPermissions"), Get("2", $"companies({company})/extensions"))).AssertStatus(HttpStatusCode.OK);

        var log = (await Emulator.RequestLogAsync()).Select(e => (JsonObject)e!).ToList();
        var outer = log.Single(e => ((string)e["path"]!).EndsWith("/$batch"));
        Assert.Equal("POST", (string?)outer["method"]);
        Assert.Equal(200, (int)outer["status"]!);
        Assert.Equal(2, (int)outer["operations"]!);
        Assert.Null(outer["batch"]);
        var batchId = (string)outer["batchId"]!;
        Assert.True(Guid.TryParse(batchId, out _));

        var inner = log.Where(e => (string?)e["batch"] == batchId).ToList();
        Assert.Equal(2, inner.Count);
        Assert.Equal([$"/v2.0/{EmulatorClient.Contoso}/Sandbox/api/{Automation}/companies({company})/users", $"/v2.0/{EmulatorClient.Contoso}/Sandbox/api/{Automation}/companies({company})/extensions"],
            inner.Select(e => (string)e["path"]!));
        Assert.Contains("expand=userPermissions", (string)inner[0]["query"]!);
        Assert.Equal([200, 403], inner.Select(e => (int)e["status"]!));
        Assert.All(inner, e =>
        {
            Assert.Equal("GET", (string?)e["method"]);
            Assert.Equal(app.AppId, (string?)e["clientId"]);
            Assert.Equal((string?)outer["tenant"], (string?)e["tenant"]);
            Assert.Null(e["operations"]);
        });
    }

    [Fact]
    public async Task BatchSwitchedOff_IsAnUnknownRoute()
    {
        var settings = (JsonObject)(await Emulator.GetJsonAsync("/control/settings"))!;
        Assert.True((bool)settings["odataBatch"]!);
        var (token, company) = await AppAsync(BusinessCentralClient.D365Automation);
        await Emulator.PatchSettingsAsync(new { odataBatch = false });

        var batch = await Bc.BatchAsync(token, "Sandbox", Automation, Get("1", $"companies({company})/users"));
        var unknown = await Bc.ApiAsync(HttpMethod.Post, token, "Sandbox", $"{Automation}/noSuchEntitySet", new { requests = Array.Empty<object>() });
        var message = batch.AssertODataError(HttpStatusCode.NotFound, "BadRequest_NotFound");
        unknown.AssertODataError(HttpStatusCode.NotFound, "BadRequest_NotFound");
        Assert.StartsWith("No HTTP resource was found that matches the request URI", message);
    }

    private const string Security = "SECURITY";

    private async Task<(string Token, string CompanyId)> AppAsync(string permissionSet, params string[] extraRoles)
    {
        var app = await Bc.CreateAppAsync([BusinessCentralClient.AutomationRole, .. extraRoles]);
        await Bc.RegisterAsync("Sandbox", app, [permissionSet]);
        return (await Bc.AppTokenAsync(app), await Bc.CompanyIdAsync("Sandbox"));
    }

    private async Task<string> ContosoIdAsync() =>
        (string)(await Emulator.SeedAsync())["tenants"]!.AsArray().Single(t => (string?)t!["initialDomain"] == EmulatorClient.Contoso)!["id"]!;
}
