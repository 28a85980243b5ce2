namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// The API family a path belongs to, and the app role an app token needs for it: the automation API
/// (<c>api/microsoft/automation/v2.0</c>) needs Automation.ReadWrite.All, every other API (standard
/// <c>api/v2.0</c>, custom <c>api/{publisher}/{group}/{version}</c>) API.ReadWrite.All.
/// </summary>
public enum BcApi
{
    Standard,
    Automation,
    Custom,
}

public static class BcApiRoles
{
    public const string Api = "API.ReadWrite.All";
    public const string Automation = "Automation.ReadWrite.All";

    public static string RequiredRole(BcApi api) => api == BcApi.Automation ? Automation : Api;
}
