using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Recording;

/// <summary>
/// Proves a written recording carries nothing it must not: no JWT, no Bearer value, no e-mail address, no
/// *.onmicrosoft.com domain, no GUID other than Microsoft's well-known ones and the permission ids of resource apps,
/// and none of the raw values the run knows (given as <c>knownValues</c>). Findings name the file and the kind, never the value.
/// </summary>
public static class RecordingScan
{
    public static IReadOnlyList<string> Scan(string directory, IEnumerable<string> knownValues)
    {
        var findings = new List<string>();
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList() : [];
        var texts = files.ToDictionary(f => f, File.ReadAllText);
        var allowed = new HashSet<string>(RecordingPatterns.WellKnownGuids, StringComparer.OrdinalIgnoreCase);
        foreach (var text in texts.Values)
            if (RecordingRedactor.TryParseJson(text) is { } json) CollectPermissionIds(json, null, allowed);

        var known = knownValues.Where(v => !string.IsNullOrEmpty(v) && v.Length >= 6).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var (file, text) in texts)
        {
            var name = Path.GetFileName(file);
            void Report(string what, int count) { if (count > 0) findings.Add($"{name}: {count} {what}"); }
            Report("JWT(s)", RecordingPatterns.Jwt().Count(text));
            Report("Bearer value(s) that are no placeholder", RecordingPatterns.BearerValue().Count(text));
            Report("e-mail address(es)", RecordingPatterns.Email().Count(text));
            Report("*.onmicrosoft domain(s)", RecordingPatterns.TenantDomain().Count(text));
            Report("tenant GUID(s)", RecordingPatterns.Guid().Matches(text).Count(m => !allowed.Contains(m.Value)));
            for (var i = 0; i < known.Count; i++)
                if (text.Contains(known[i], StringComparison.OrdinalIgnoreCase)) findings.Add($"{name}: known value #{i + 1} of the run (a secret, token or tenant value) in clear");
        }
        return findings;
    }

    private static void CollectPermissionIds(JsonNode node, string? member, HashSet<string> allowed)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        if (RecordingPatterns.IsPermissionId(name, member))
                            allowed.Add(s);
                    }
                    else if (value is not null) CollectPermissionIds(value, name, allowed);
                }
                break;
            case JsonArray a:
                foreach (var item in a) if (item is not null) CollectPermissionIds(item, member, allowed);
                break;
        }
    }
}
