using ALOps.S2S.Emulator.World;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// The OData query options an environment API call may carry. Only <c>$expand=userPermissions</c> on the automation
/// users (<c>companies({id})/users</c> and <c>users({id})</c>, GET, setting <c>odataExpand</c>) is served; another
/// navigation property of a user is BC's 400, every other <c>$</c> option 501 (the emulator lacks it).
/// Names are case-sensitive, as OData's are.
/// </summary>
public static class EnvironmentQueryOptions
{
    public const string UserPermissions = "userPermissions";
    private const string Expand = "$expand";
    private const string UserType = "Microsoft.NAV.user";

    /// <returns>The navigation properties to expand (empty without <c>$expand</c>).</returns>
    public static IReadOnlySet<string> Read(IQueryCollection query, string method, EnvironmentApiPath target, EmulatorSettings settings)
    {
        var expand = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in query.Keys.Where(k => k.StartsWith('$')))
        {
            if (option != Expand || !settings.ODataExpand || !IsUsers(method, target)) throw ODataErrors.QueryOptionNotImplemented(option);
            foreach (var item in query[option].SelectMany(v => (v ?? "").Split(',')).Select(i => i.Trim()))
            {
                // Nested options (userPermissions($select=...)) and paths are OData features the emulator lacks.
                if (item.IndexOfAny(['(', '/', '$']) >= 0) throw ODataErrors.NotImplemented($"'{Expand}={item}'");
                if (item != UserPermissions) throw ODataErrors.PropertyNotFound(item, UserType);
                expand.Add(item);
            }
        }
        return expand;
    }

    private static bool IsUsers(string method, EnvironmentApiPath target) =>
        method == "GET" && target is { Api: BcApi.Automation, Resource: [{ Name: "companies", Key: not null }, { Name: "users" }] };
}
