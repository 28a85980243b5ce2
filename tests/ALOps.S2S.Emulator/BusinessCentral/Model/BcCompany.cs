namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>A company of an environment (the Company table as the standard and automation APIs show it).</summary>
public sealed class BcCompany
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string DisplayName { get; init; }
    public string BusinessProfileId { get; init; } = "";
    public bool EvaluationCompany { get; init; }

    /// <summary>The row version BC reports as <c>timestamp</c> (a number) and, as text, as <c>systemVersion</c>.</summary>
    public required long RowVersion { get; init; }

    public required DateTimeOffset SystemCreatedAt { get; init; }
    public required Guid SystemCreatedBy { get; init; }
    public required DateTimeOffset SystemModifiedAt { get; init; }
    public required Guid SystemModifiedBy { get; init; }
}
