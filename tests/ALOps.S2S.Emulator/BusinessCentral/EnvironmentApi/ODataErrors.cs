namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// The environment API errors the emulator answers. Only the body shape is documented (bc.api.error.json) and the
/// 401 text "The server has rejected the client credentials." (field notes: BC gives no more specific reason).
/// Assumptions: every status code, the other codes and all other message texts.
/// </summary>
public static class ODataErrors
{
    public static ODataException InvalidCredentials() =>
        new(401, "Authentication_InvalidCredentials", "The server has rejected the client credentials.");

    public static ODataException PermissionDenied(string tableName, string operation) =>
        new(403, "Authorization_RequestDenied", $"You do not have the following permissions on TableData {tableName}: {operation}.");

    public static ODataException EnvironmentNotFound(string name) =>
        new(404, "BadRequest_NotFound", $"The environment '{name}' does not exist.");

    public static ODataException EnvironmentNotActive(BcEnvironment environment) =>
        new(503, "Internal_EnvironmentNotActive", $"The environment '{environment.Name}' is not available (status {environment.Status}).");

    public static ODataException RouteNotFound(string path) =>
        new(404, "BadRequest_NotFound", $"No HTTP resource was found that matches the request URI '{path}'.");

    public static ODataException MethodNotAllowed(string method, string entitySet) =>
        new(405, "BadRequest_MethodNotAllowed", $"'{method}' requests are not supported on the '{entitySet}' entity set.");

    public static ODataException CompanyNotFound(string key) =>
        new(404, "Internal_CompanyNotFound", $"The company with ID '{key}' does not exist.");

    public static ODataException EntityNotFound(string entity, string keyField, string key) =>
        new(404, "BadRequest_NotFound", $"The {entity} does not exist. Identification fields and values: {keyField}='{key}'");

    public static ODataException InvalidKey(string key) =>
        new(400, "BadRequest", $"Bad Request - Error in query syntax: '{key}' is not a valid key.");

    public static ODataException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>BC's wording for a field whose value has no row in the related table.</summary>
    public static ODataException RelatedRecordNotFound(string field, string value, string relatedTable) =>
        new(400, "BadRequest_NotFound",
            $"The field {field} of table Access Control contains a value ({value}) that cannot be found in the related table ({relatedTable}).");

    /// <summary>An error raised by BC's application code (AL <c>Error()</c>).</summary>
    public static ODataException ApplicationRule(string message) => new(400, "Application_DialogException", message);

    public static ODataException SameKeyExists(string identification) =>
        new(409, "Internal_EntityWithSameKeyExists", $"The record in table Access Control already exists. Identification fields and values: {identification}");

    public static ODataException ConcurrencyTokenRequired() =>
        new(400, "BadRequest", "Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.");

    public static ODataException EntityChanged() =>
        new(412, "Request_EntityChanged", "Another user has already changed the record.");

    /// <summary>Not a BC answer: the emulator says plainly which OData feature it lacks.</summary>
    public static ODataException QueryOptionNotImplemented(string option) => NotImplemented($"the query option '{option}'");

    /// <summary>Not a BC answer (see <see cref="QueryOptionNotImplemented"/>).</summary>
    public static ODataException NotImplemented(string feature) =>
        new(501, "Emulator_NotImplemented", $"The emulator does not support {feature}.");

    /// <summary>OData's answer to <c>$expand</c> (or <c>$select</c>) naming a property the entity type lacks.</summary>
    public static ODataException PropertyNotFound(string name, string entityType) =>
        new(400, "BadRequest", $"Could not find a property named '{name}' on type '{entityType}'.");

    /// <summary>OData's limit on the parts of a <c>$batch</c>.</summary>
    public static ODataException TooManyBatchParts(int maximum) =>
        new(400, "BadRequest",
            $"The current batch message contains too many parts. A maximum number of '{maximum}' query operations and change sets are allowed in a batch message.");

    /// <summary>An inner <c>$batch</c> request whose <c>dependsOn</c> names a request that failed.</summary>
    public static ODataException FailedDependency(string requestId, string failedId) =>
        new(424, "BadRequest_FailedDependency", $"The request '{requestId}' was not run: the request '{failedId}' it depends on failed.");
}
