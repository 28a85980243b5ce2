using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>A token endpoint answer: status and JSON body, with helpers for success and AADSTS errors.</summary>
public sealed record TokenResponse(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Message)
{
    public static async Task<TokenResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return new TokenResponse(response.StatusCode, JsonNode.Parse(text) as JsonObject ?? new JsonObject(), response);
    }

    public string AccessToken
    {
        get
        {
            Assert.True(Status == HttpStatusCode.OK, $"expected a token, got {(int)Status}: {Body.ToJsonString()}");
            return (string)Body["access_token"]!;
        }
    }

    public JsonObject AccessTokenClaims => Jwt.Payload(AccessToken);

    /// <summary>Asserts an identity platform error with this HTTP status, OAuth error and AADSTS code.</summary>
    public void AssertError(HttpStatusCode status, string error, int code)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {(int)Status}: {Body.ToJsonString()}");
        Assert.Equal(error, (string?)Body["error"]);
        Assert.Equal(code, (int)Body["error_codes"]![0]!);
        var description = (string)Body["error_description"]!;
        Assert.StartsWith($"AADSTS{code}: ", description);
        Assert.Contains("\r\nTrace ID: " + (string)Body["trace_id"]!, description);
        Assert.Contains("\r\nCorrelation ID: " + (string)Body["correlation_id"]!, description);
        Assert.Contains("\r\nTimestamp: " + (string)Body["timestamp"]!, description);
        Assert.Equal($"https://login.microsoftonline.com/error?code={code}", (string?)Body["error_uri"]);
    }
}
