using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>Writes environment API answers with BC's OData headers (bc.api.error.json) and its error envelope.</summary>
public static class ODataResponseWriter
{
    public const string ContentType = "application/json; odata.metadata=minimal";

    public static Task WriteAsync(HttpContext context, int statusCode, JsonNode? body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.Headers["OData-Version"] = "4.0";
        if (body is null) return Task.CompletedTask;
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(body.ToJsonString(JsonResults.Options), context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, ODataException failure) =>
        WriteAsync(context, failure.StatusCode, ErrorBody(failure));

    public static JsonObject ErrorBody(ODataException failure) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = failure.Code,
            ["message"] = $"{failure.Message}  CorrelationId:  {Guid.NewGuid()}.",
        },
    };
}
