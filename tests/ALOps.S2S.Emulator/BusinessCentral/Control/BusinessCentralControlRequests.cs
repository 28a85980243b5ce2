namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>Body of <c>POST /control/tenants/{tenant}/environments/{environment}/entra-apps</c>.</summary>
public sealed record EntraAppRegistrationRequest(string? ClientId, string? Description, string? State, List<string>? PermissionSets);

/// <summary>Body of <c>PATCH .../entra-apps/{clientId}</c>.</summary>
public sealed record EntraAppStateRequest(string? State);

/// <summary>Body of <c>PATCH /control/tenants/{tenant}/environments/{environment}</c>.</summary>
public sealed record EnvironmentStatusRequest(string? Status);
