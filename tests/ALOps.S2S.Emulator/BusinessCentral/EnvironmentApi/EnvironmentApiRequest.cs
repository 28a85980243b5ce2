using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>
/// One authenticated environment API call: the environment, the BC user the token acts as, the request body (POST)
/// and <c>If-Match</c>, the navigation properties to expand (<see cref="EnvironmentQueryOptions"/>), and the OData
/// service root URL (for <c>@odata.context</c> and <c>Location</c>).
/// </summary>
public sealed record EnvironmentApiRequest(
    WorldState World,
    BcEnvironment Environment,
    BcUser User,
    string ServiceRoot,
    IReadOnlyList<ODataSegment> Resource,
    JsonObject? Body,
    string? IfMatch,
    IReadOnlySet<string> Expand)
{
    /// <summary>The company a <c>companies({id})</c> segment names; 400 for a key that is no GUID, 404 for an unknown one.</summary>
    public BcCompany Company(string key)
    {
        if (!Guid.TryParse(key, out var id)) throw ODataErrors.InvalidKey(key);
        return Environment.FindCompany(id) ?? throw ODataErrors.CompanyNotFound(key);
    }

    /// <summary><c>@odata.context</c>: the resource path with the last key dropped, plus <c>/$entity</c> for a single entity.</summary>
    public string Context(bool entity)
    {
        var path = Resource.Select(s => s.ToString()).ToList();
        if (entity) path[^1] = Resource[^1].Name + "/$entity";
        return $"{ServiceRoot}/$metadata#{string.Join('/', path)}";
    }

    public JsonObject Collection(IEnumerable<JsonObject> items) => new()
    {
        ["@odata.context"] = Context(entity: false),
        ["value"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
    };

    public JsonObject Entity(JsonObject item)
    {
        var json = new JsonObject { ["@odata.context"] = Context(entity: true) };
        foreach (var (key, value) in item) json[key] = value?.DeepClone();
        return json;
    }
}
