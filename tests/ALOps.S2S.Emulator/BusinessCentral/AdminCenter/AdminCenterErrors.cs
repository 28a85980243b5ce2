namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// The Admin Center errors the emulator answers. Documented: the body format and the codes <c>EnvironmentNotFound</c>
/// (the error format's own example spelling; the environments page writes <c>environmentNotFound</c>) and
/// <c>applicationTypeDoesNotExist</c>. Assumptions (no status codes are documented): the statuses, the 401/403 codes
/// and all message texts.
/// </summary>
public static class AdminCenterErrors
{
    public static AdminCenterException Unauthorized(string reason) =>
        new(401, "Unauthorized", $"The request could not be authenticated. {reason}");

    public static AdminCenterException AppOnlyNotAllowed() =>
        new(403, "Forbidden", "This operation can't be used when authenticated as an app; sign in as a Business Central administrator.");

    public static AdminCenterException DelegatedNotAllowed() =>
        new(403, "Forbidden", "This operation can only be used when authenticated as an app.");

    public static AdminCenterException NotAnAdministrator() =>
        new(403, "Forbidden", "The user must be a Global Administrator, Dynamics 365 Administrator or Dynamics 365 Business Central Administrator of the tenant.");

    public static AdminCenterException MissingAdminCenterRole(Guid appId) =>
        new(403, "Forbidden", $"The app '{appId}' has no admin consent for the AdminCenter.ReadWrite.All application permission.");

    public static AdminCenterException AppNotAuthorized(Guid appId) =>
        new(403, "Forbidden", $"The app '{appId}' is not authorized in the Business Central admin center of this tenant (Authorized Microsoft Entra apps).");

    public static AdminCenterException EnvironmentNotFound(string family, string name) =>
        new(404, "EnvironmentNotFound", $"The environment '{name}' could not be found in application family '{family}'.", $"{family}/{name}");

    public static AdminCenterException ApplicationTypeDoesNotExist(string family) =>
        new(404, "applicationTypeDoesNotExist", $"The application family '{family}' does not exist.", family);

    public static AdminCenterException InvalidAppClientId(string value) =>
        new(400, "EntityValidationFailed", $"'{value}' is not a valid Microsoft Entra app client id (a GUID).", "appClientId");

    public static AdminCenterException UnsupportedApiVersion(string version) =>
        new(404, "UnsupportedApiVersion", $"The API version '{version}' is not supported; use v2.x.");

    public static AdminCenterException RouteNotFound(string method, string path) =>
        new(404, "NotFound", $"No Admin Center operation matches {method} '{path}'.");
}
