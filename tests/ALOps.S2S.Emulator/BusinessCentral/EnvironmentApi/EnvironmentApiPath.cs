namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// A parsed <c>/v2.0/[{tenant}/]{environment}/api/{api}/...</c> path: the tenant segment (GUID or domain; null when
/// the path omits it and the token's tenant applies), the environment, the API family, the URL up to and including
/// the API version (the OData service root), and the resource segments after it.
/// </summary>
public sealed record EnvironmentApiPath(string? TenantSegment, string Environment, BcApi Api, string ServiceRootPath, IReadOnlyList<ODataSegment> Resource)
{
    /// <summary>Null when the path is not an API path of an environment.</summary>
    public static EnvironmentApiPath? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int apiIndex;
        if (segments.Length > 1 && segments[1].Equals("api", StringComparison.OrdinalIgnoreCase)) apiIndex = 1;
        else if (segments.Length > 2 && segments[2].Equals("api", StringComparison.OrdinalIgnoreCase)) apiIndex = 2;
        else return null;

        var afterApi = segments[(apiIndex + 1)..];
        var (api, versionSegments) = afterApi switch
        {
            ["v2.0", ..] => (BcApi.Standard, 1),
            ["microsoft", "automation", "v2.0", ..] => (BcApi.Automation, 3),
            [_, _, _, ..] => (BcApi.Custom, 3),
            _ => (BcApi.Custom, afterApi.Length),
        };
        var root = "/v2.0/" + string.Join('/', segments[..(apiIndex + 1 + versionSegments)]);
        return new EnvironmentApiPath(
            apiIndex == 2 ? segments[0] : null,
            segments[apiIndex - 1],
            api,
            root,
            afterApi[versionSegments..].Select(ODataSegment.Parse).ToList());
    }
}
