using System.Text.Json;
using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.Batching;
using ALOps.S2S.Emulator.Control;
using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// The Graph host's single entry: reads the body, validates the token, dispatches the path to a resource handler
/// inside the directory lock (or runs a JSON <c>$batch</c>, <see cref="GraphBatchHandler"/>), and writes the answer or
/// the Graph error envelope.
/// </summary>
public sealed class GraphService(DirectoryStore store, GraphTokenValidator tokens, GraphBatchHandler batches)
{
    public async Task HandleAsync(HttpContext context, string? path)
    {
        try
        {
            if (JsonBatchRunner.IsBatch(context) && path == GraphBatchHandler.Segment && store.Run(world => world.Settings.GraphBatch))
            {
                store.Run(world => RequestLog.Annotate(context, tokens.Validate(world, context.Request).ClientAppId, null));
                await batches.HandleAsync(context);
                return;
            }
            var body = await ReadBodyAsync(context);
            var segments = GraphPath.Split(path ?? "");
            var method = context.Request.Method;
            var eventual = string.Equals(context.Request.Headers["ConsistencyLevel"], "eventual", StringComparison.OrdinalIgnoreCase);
            var result = store.Run(world =>
            {
                var caller = tokens.Validate(world, context.Request);
                RequestLog.Annotate(context, caller.ClientAppId, null);
                var request = new GraphRequest(world, caller, ODataQuery.Parse(context.Request), body, GraphJson.ServiceRoot(context));
                return Dispatch(method, segments, request, eventual);
            });
            await WriteAsync(context, result);
        }
        catch (GraphException failure)
        {
            await GraphErrorWriter.WriteAsync(context, failure, store.Clock.GetUtcNow());
        }
    }

    private static GraphResult Dispatch(string method, string[] path, GraphRequest request, bool eventual) => (method, path) switch
    {
        ("GET", ["applications"]) => ApplicationsResource.List(request),
        ("POST", ["applications"]) => ApplicationsResource.Create(request),
        ("GET", ["applications", "$count"]) => ApplicationsResource.Count(request, eventual),
        ("GET", ["applications", var key]) => ApplicationsResource.Get(request, key),
        ("PATCH", ["applications", var key]) => ApplicationsResource.Update(request, key),
        ("DELETE", ["applications", var key]) => ApplicationsResource.Delete(request, key),
        ("POST", ["applications", var key, "addPassword"]) => ApplicationCredentialsResource.AddPassword(request, key),
        ("POST", ["applications", var key, "removePassword"]) => ApplicationCredentialsResource.RemovePassword(request, key),
        ("GET", ["applications", var key, "federatedIdentityCredentials"]) => ApplicationCredentialsResource.ListFederated(request, key),
        ("POST", ["applications", var key, "federatedIdentityCredentials"]) => ApplicationCredentialsResource.CreateFederated(request, key),
        ("GET", ["applications", var key, "federatedIdentityCredentials", var id]) => ApplicationCredentialsResource.GetFederated(request, key, id),
        ("DELETE", ["applications", var key, "federatedIdentityCredentials", var id]) => ApplicationCredentialsResource.DeleteFederated(request, key, id),

        ("GET", ["servicePrincipals"]) => ServicePrincipalsResource.List(request),
        ("POST", ["servicePrincipals"]) => ServicePrincipalsResource.Create(request),
        ("GET", ["servicePrincipals", "$count"]) => ServicePrincipalsResource.Count(request, eventual),
        ("GET", ["servicePrincipals", var key]) => ServicePrincipalsResource.Get(request, key),
        ("PATCH", ["servicePrincipals", var key]) => ServicePrincipalsResource.Update(request, key),
        ("DELETE", ["servicePrincipals", var key]) => ServicePrincipalsResource.Delete(request, key),
        ("GET", ["servicePrincipals", var key, "appRoleAssignedTo"]) => AppRoleAssignmentsResource.ListAssignedTo(request, key),
        ("POST", ["servicePrincipals", var key, "appRoleAssignedTo"]) => AppRoleAssignmentsResource.CreateAssignedTo(request, key),
        ("GET", ["servicePrincipals", var key, "appRoleAssignedTo", var id]) => AppRoleAssignmentsResource.GetAssignedTo(request, key, id),
        ("DELETE", ["servicePrincipals", var key, "appRoleAssignedTo", var id]) => AppRoleAssignmentsResource.DeleteAssignedTo(request, key, id),
        ("GET", ["servicePrincipals", var key, "appRoleAssignments"]) => AppRoleAssignmentsResource.ListAssignments(request, key),
        ("POST", ["servicePrincipals", var key, "appRoleAssignments"]) => AppRoleAssignmentsResource.CreateAssignment(request, key),
        ("DELETE", ["servicePrincipals", var key, "appRoleAssignments", var id]) => AppRoleAssignmentsResource.DeleteAssignment(request, key, id),

        ("POST", [GraphBatchHandler.Segment]) => throw GraphErrors.BatchingNotServed(),
        (_, ["applications" or "servicePrincipals", ..]) when path.Length <= 4 =>
            throw new GraphException(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target."),
        _ => throw GraphErrors.UnsupportedRoute(method, string.Join('/', path)),
    };

    private static async Task<JsonObject?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.Method is not ("POST" or "PATCH")) return null;
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            throw GraphErrors.BadRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
        }
    }

    private static Task WriteAsync(HttpContext context, GraphResult result)
    {
        if (result.PlainText is { } text)
        {
            context.Response.Headers["request-id"] = GraphErrorWriter.RequestId(context);
            context.Response.ContentType = "text/plain;charset=utf-8";
            return context.Response.WriteAsync(text, context.RequestAborted);
        }
        if (result.Body is null)
        {
            GraphJson.NoContent(context);
            return Task.CompletedTask;
        }
        return GraphJson.WriteAsync(context, result.StatusCode, result.Body);
    }
}
