namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>Directory role template ids as they appear in the <c>wids</c> claim.</summary>
public static class DirectoryRoleTemplates
{
    public const string MemberUser = "b79fbf4d-3ef9-4689-8143-76b194e85509";
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
}
