using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// The OData system query options Graph's directory supports for the calls the setup makes:
/// <c>$select</c>, <c>$filter</c> (see <see cref="ODataFilter"/>), <c>$top</c>, <c>$count</c>, <c>$orderby</c> and
/// <c>$search</c> (the last two as advanced queries: <c>$count</c> and <c>$search</c> need <c>ConsistencyLevel: eventual</c>).
/// </summary>
public sealed record ODataQuery(IReadOnlyList<string> Select, ODataFilter? Filter, int? Top, bool Count, string? OrderBy, bool OrderDescending, string? Search)
{
    public static ODataQuery Parse(HttpRequest request)
    {
        var query = request.Query;
        var eventual = string.Equals(request.Headers["ConsistencyLevel"], "eventual", StringComparison.OrdinalIgnoreCase);
        if (query.ContainsKey("$expand")) throw GraphErrors.UnsupportedQuery("$expand is not supported by the emulator.");

        var select = query["$select"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var filter = query["$filter"].ToString() is { Length: > 0 } filterText ? ODataFilter.Parse(filterText) : null;

        int? top = null;
        if (query["$top"].ToString() is { Length: > 0 } topText)
        {
            if (!int.TryParse(topText, out var value) || value is < 1 or > 999)
                throw GraphErrors.BadRequest($"Invalid page size specified: '{topText}'. Must be between 1 and 999 inclusive.");
            top = value;
        }

        var count = string.Equals(query["$count"], "true", StringComparison.OrdinalIgnoreCase);
        if (count && !eventual) throw GraphErrors.BadRequest("$count is not currently supported.");

        string? orderBy = null;
        var descending = false;
        if (query["$orderby"].ToString() is { Length: > 0 } orderText)
        {
            var parts = orderText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            orderBy = parts[0];
            descending = parts.Length > 1 && parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
        }

        string? search = null;
        if (query["$search"].ToString() is { Length: > 0 } searchText)
        {
            if (!eventual)
                throw GraphErrors.BadRequest("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            search = searchText.Trim('"');
        }
        return new ODataQuery(select, filter, top, count, orderBy, descending, search);
    }

    /// <summary>Keeps only the selected properties (all when there is no $select); unknown names are refused.</summary>
    public JsonObject Project(JsonObject item, string typeName)
    {
        if (Select.Count == 0) return item;
        var projected = new JsonObject();
        foreach (var name in Select)
        {
            var key = item.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                      ?? throw GraphErrors.UnknownProperty(name, typeName);
            projected[key] = item[key]?.DeepClone();
        }
        return projected;
    }

    public IEnumerable<JsonObject> Apply(IEnumerable<JsonObject> items, string typeName)
    {
        var result = items;
        if (Filter is not null) result = result.Where(i => Filter.Matches(i, typeName));
        if (Search is not null) result = result.Where(MatchesSearch);
        if (OrderBy is not null)
        {
            string? Key(JsonObject i) => i[OrderBy]?.ToString();
            result = OrderDescending ? result.OrderByDescending(Key, StringComparer.OrdinalIgnoreCase) : result.OrderBy(Key, StringComparer.OrdinalIgnoreCase);
        }
        return result;
    }

    /// <summary><c>"property:words"</c>: every word appears in the property (tokenized, case-insensitive).</summary>
    private bool MatchesSearch(JsonObject item)
    {
        var colon = Search!.IndexOf(':');
        if (colon <= 0) throw GraphErrors.UnsupportedQuery($"Unsupported $search '{Search}'.");
        var value = item[Search[..colon]]?.ToString() ?? "";
        return Search[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .All(word => value.Contains(word, StringComparison.OrdinalIgnoreCase));
    }
}
