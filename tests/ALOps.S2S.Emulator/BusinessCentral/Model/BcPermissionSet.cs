namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>A permission set an environment offers (role id, name, the extension that defines it).</summary>
public sealed record BcPermissionSet(string RoleId, string DisplayName, Guid AppId, string ExtensionName, string Scope = "System");
