namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// A row of the "Access Control" table: a permission set held by a user, in one company or (empty
/// <see cref="CompanyName"/>) in all of them. The automation API calls it a userPermission.
/// </summary>
public sealed class AccessControlEntry
{
    public required Guid Id { get; init; }
    public required Guid UserSecurityId { get; init; }
    public required string RoleId { get; init; }
    public string CompanyName { get; init; } = "";
    public string Scope { get; init; } = "System";
    public required Guid AppId { get; init; }
    public required DateTimeOffset SystemModifiedAt { get; init; }

    public bool AppliesTo(string? companyName) => CompanyName.Length == 0 || companyName is null ||
                                                  string.Equals(CompanyName, companyName, StringComparison.OrdinalIgnoreCase);
}
