using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>Posts Microsoft Graph JSON batches (<c>POST /v1.0/$batch</c>) to the emulator's Graph host.</summary>
public sealed class GraphBatchClient(EmulatorHost host, HttpClient http)
{
    public static object Get(string id, string url, params string[] dependsOn) => new { id, method = "GET", url, dependsOn };

    public Task<GraphBatchResponse> BatchAsync(string? token, params object[] requests) =>
        BatchRawAsync(token, JsonSerializer.Serialize(new { requests }));

    /// <summary>A batch with the body exactly as given.</summary>
    public async Task<GraphBatchResponse> BatchRawAsync(string? token, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.GraphEndpoint + "/v1.0/$batch");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : null;
        return new GraphBatchResponse(new GraphResponse(response.StatusCode, json, text, response));
    }
}

public sealed record GraphBatchResponse(GraphResponse Outer)
{
    public IReadOnlyList<JsonObject> Responses
    {
        get
        {
            Outer.AssertStatus(System.Net.HttpStatusCode.OK);
            return Outer.Json!["responses"]!.AsArray().Select(r => (JsonObject)r!).ToList();
        }
    }
}
