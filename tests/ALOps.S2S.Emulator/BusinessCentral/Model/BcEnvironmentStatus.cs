namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>The documented values of an environment's <c>status</c> (bc.admin.environments.list.json).</summary>
public static class BcEnvironmentStatus
{
    public const string Active = "Active";
    public const string Upgrading = "Upgrading";

    public static readonly IReadOnlyList<string> All =
    [
        "NotReady", "Removing", "Preparing", Active, Upgrading, "CreatingFailed", "RemovingFailed", "SoftDeleting",
        "SoftDeletingFailed", "SoftDeleted", "Recovering", "RecoveringFailed",
    ];

    /// <summary>The documented spelling of <paramref name="value"/> (any case), or null when it is not a status.</summary>
    public static string? Normalize(string? value) => All.FirstOrDefault(s => string.Equals(s, value, StringComparison.OrdinalIgnoreCase));
}
