namespace ALOps.S2S.Emulator.World;

/// <summary>An application permission a resource exposes (Graph <c>appRole</c>).</summary>
public sealed record AppRole(Guid Id, string Value, string DisplayName, string Description, IReadOnlyList<string> AllowedMemberTypes, bool IsEnabled = true)
{
    public static AppRole ForApplications(Guid id, string value, string displayName) =>
        new(id, value, displayName, $"Allows the app to {char.ToLowerInvariant(displayName[0])}{displayName[1..]} without a signed-in user.", ["Application"]);
}
