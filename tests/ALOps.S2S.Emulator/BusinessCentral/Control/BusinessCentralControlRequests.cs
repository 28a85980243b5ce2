namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>Body of <c>POST /control/tenants/{tenant}/environments/{environment}/entra-apps</c>.</summary>
public sealed record EntraAppRegistrationRequest(string? ClientId, string? Description, string? State, List<string>? PermissionSets);

/// <summary>Body of <c>PATCH .../entra-apps/{clientId}</c>.</summary>
public sealed record EntraAppStateRequest(string? State);

/// <summary>Body of <c>PATCH /control/tenants/{tenant}/environments/{environment}</c>.</summary>
public sealed record EnvironmentStatusRequest(string? Status);

/// <summary>Body of <c>POST .../environments/{environment}/users</c>: a user added by hand (a person, or an application user's double).</summary>
public sealed record EnvironmentUserRequest(string? UserName, string? DisplayName, string? ContactEmail, string? State, List<string>? PermissionSets);

/// <summary>Body of <c>POST .../environments/{environment}/permission-sets</c>: another permission set (e.g. a tenant copy of a role id).</summary>
public sealed record PermissionSetRequest(string? RoleId, string? DisplayName, string? AppId, string? Scope, string? ExtensionName);
