namespace ALOps.S2S.Emulator.World;

/// <summary>Entra built-in directory roles, by their template ids (the values of the <c>wids</c> claim).</summary>
public sealed record DirectoryRole(string DisplayName, Guid TemplateId)
{
    public static readonly DirectoryRole GlobalAdministrator = new("Global Administrator", Guid.Parse("62e90394-69f5-4237-9190-012177145e10"));
    public static readonly DirectoryRole ApplicationAdministrator = new("Application Administrator", Guid.Parse("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"));
    public static readonly DirectoryRole CloudApplicationAdministrator = new("Cloud Application Administrator", Guid.Parse("158c047a-c907-4556-b7ef-446551a6b5f7"));
    public static readonly DirectoryRole ApplicationDeveloper = new("Application Developer", Guid.Parse("cf1c38e5-3621-4004-a7cb-879624dced7c"));
    public static readonly DirectoryRole BusinessCentralAdministrator = new("Dynamics 365 Business Central Administrator", Guid.Parse("963797fb-eb3b-4cde-8ce3-5878b3f32a3f"));

    /// <summary>Every member user carries this template id in <c>wids</c> ("default user role").</summary>
    public static readonly Guid MemberUserTemplateId = Guid.Parse("b79fbf4d-3ef9-4689-8143-76b194e85509");

    public static readonly IReadOnlyList<DirectoryRole> All =
        [GlobalAdministrator, ApplicationAdministrator, CloudApplicationAdministrator, ApplicationDeveloper, BusinessCentralAdministrator];

    /// <summary>A role by display name, by that name without spaces (<c>ApplicationAdministrator</c>) or by template id.</summary>
    public static DirectoryRole? Find(string name) => All.FirstOrDefault(r =>
        string.Equals(r.DisplayName, name, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(r.DisplayName.Replace(" ", ""), name.Replace(" ", ""), StringComparison.OrdinalIgnoreCase) ||
        (Guid.TryParse(name, out var id) && id == r.TemplateId));
}
