using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// The directory errors Microsoft Graph answers for the calls the setup makes (api-contracts.md §2.4). Codes and
/// messages follow what Graph returns in practice; none of these bodies is documented (CONTRACT.md marks them).
/// </summary>
public static class GraphErrors
{
    public static GraphException NotFound(string key) => new(404, "Request_ResourceNotFound",
        $"Resource '{key}' does not exist or one of its queried reference-property objects are not present.");

    public static GraphException InsufficientPrivileges() => new(403, "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.");

    public static GraphException EmptyToken() => new(401, "InvalidAuthenticationToken", "Access token is empty.");

    public static GraphException InvalidToken(string reason) => new(401, "InvalidAuthenticationToken", reason);

    public static GraphException BadRequest(string message) => new(400, "Request_BadRequest", message);

    public static GraphException UnsupportedQuery(string message) => new(400, "Request_UnsupportedQuery", message);

    public static GraphException NoBackingApplicationObject(string appId) => new(400, "Request_BadRequest",
        $"The appId '{appId}' of the service principal does not reference a valid application object.",
        new JsonArray(new JsonObject { ["code"] = "NoBackingApplicationObject", ["target"] = "appId" }));

    public static GraphException AlreadyExists(string message) => new(409, "Request_MultipleObjectsWithSameKeyValue", message);

    public static GraphException DuplicateAppRoleAssignment() => BadRequest("Permission being assigned already exists on the object.");

    public static GraphException UnknownProperty(string name, string type) => BadRequest($"Could not find a property named '{name}' on type 'microsoft.graph.{type}'.");

    public static GraphException ReadOnlyProperty(string name) => BadRequest($"Property '{name}' is read-only and cannot be set.");

    public static GraphException InvalidValue(string property, string resource) => BadRequest($"Invalid value specified for property '{property}' of resource '{resource}'.");

    public static GraphException UnsupportedRoute(string method, string path) => new(400, "BadRequest",
        $"Resource not found for the segment '{path}' ({method}).");

    /// <summary>
    /// ASSUMPTION (the emulator's stand-in, setting <c>graphBatch</c> off): what a Graph without JSON batching answers to
    /// <c>POST /v1.0/$batch</c>.
    /// </summary>
    public static GraphException BatchingNotServed() => new(404, "NotFound", "Resource not found for the segment '$batch'.");

    /// <summary>The whole batch's 400 (Graph JSON batching).</summary>
    public static GraphException InvalidBatch(string message) => new(400, "BadRequest", message);

    public static GraphException TooManyBatchRequests(int maximum) =>
        InvalidBatch($"Too many requests in the batch. The limit is {maximum}.");

    /// <summary>An inner request of a batch whose <c>dependsOn</c> names a request that failed (Graph answers it 424).</summary>
    public static GraphException FailedDependency(string requestId, string failedId) =>
        new(424, "FailedDependency", $"The request '{requestId}' was not run: the request '{failedId}' it depends on failed.");
}
