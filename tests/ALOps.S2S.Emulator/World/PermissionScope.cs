namespace ALOps.S2S.Emulator.World;

/// <summary>A delegated permission a resource exposes (Graph <c>permissionScope</c>).</summary>
public sealed record PermissionScope(Guid Id, string Value, string AdminConsentDisplayName, string Type = "Admin", bool IsEnabled = true);
