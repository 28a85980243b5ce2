using System.Text.Json.Nodes;
using ALOps.S2S.Emulator.World;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>One Graph call as the resource handlers see it (inside the directory lock).</summary>
public sealed record GraphRequest(WorldState World, GraphCaller Caller, ODataQuery Query, JsonObject? Body, string ServiceRoot)
{
    public Tenant Tenant => Caller.Tenant;

    public JsonObject RequiredBody() => Body ?? throw GraphErrors.BadRequest("A JSON request body is required.");

    /// <summary>The collection answer: <c>@odata.context</c>, <c>@odata.count</c> when asked, <c>value</c>.</summary>
    public GraphResult Collection(IEnumerable<JsonObject> items, string contextPath, string typeName)
    {
        var matching = Query.Apply(items, typeName).ToList();
        var page = Query.Top is { } top ? matching.Take(top) : matching.Take(100);
        var context = Query.Select.Count > 0 ? $"{contextPath}({string.Join(',', Query.Select)})" : contextPath;
        var body = new JsonObject { ["@odata.context"] = $"{ServiceRoot}/$metadata#{context}" };
        if (Query.Count) body["@odata.count"] = matching.Count;
        body["value"] = new JsonArray(page.Select(i => (JsonNode)Query.Project(i, typeName)).ToArray());
        return new GraphResult(200, body);
    }

    /// <summary>A single entity with <c>@odata.context</c> (reflecting <c>$select</c>).</summary>
    public GraphResult Entity(JsonObject item, string contextPath, string typeName, int status = 200)
    {
        var projected = Query.Project(item, typeName);
        var context = Query.Select.Count > 0 ? $"{contextPath}({string.Join(',', Query.Select)})/$entity" : $"{contextPath}/$entity";
        var body = new JsonObject { ["@odata.context"] = $"{ServiceRoot}/$metadata#{context}" };
        foreach (var (name, value) in projected) body[name] = value?.DeepClone();
        return new GraphResult(status, body);
    }
}
