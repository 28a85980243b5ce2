namespace ALOps.S2S.Emulator.World;

/// <summary>
/// Delegated consent: the client service principal may act for users on the resource with these scopes.
/// <c>PrincipalId</c> null means consent for all principals (admin consent / pre-authorization).
/// </summary>
public sealed record OAuth2PermissionGrant(Guid ClientId, Guid ResourceId, Guid? PrincipalId, IReadOnlyList<string> Scopes);
