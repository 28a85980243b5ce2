namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>A published extension ("Published Application") as the automation API lists it.</summary>
public sealed record BcExtension(
    Guid PackageId,
    Guid AppId,
    string DisplayName,
    string Publisher,
    Version Version,
    bool IsInstalled,
    string PublishedAs)
{
    /// <summary>The automation API's numeric scope: 0 = global (Microsoft, AppSource), 1 = tenant (per-tenant extension).</summary>
    public int Scope => PublishedAs == "Global" ? 0 : 1;
}
