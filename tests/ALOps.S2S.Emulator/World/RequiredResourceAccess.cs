namespace ALOps.S2S.Emulator.World;

/// <summary>An entry of an application's <c>requiredResourceAccess</c>: permissions it asks for on one resource.</summary>
public sealed record RequiredResourceAccess(Guid ResourceAppId, IReadOnlyList<ResourceAccess> ResourceAccess);

/// <summary>One requested permission; <c>Type</c> is <c>Role</c> (application) or <c>Scope</c> (delegated).</summary>
public sealed record ResourceAccess(Guid Id, string Type);
