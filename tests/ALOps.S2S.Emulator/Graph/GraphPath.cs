using System.Text.RegularExpressions;

namespace ALOps.S2S.Emulator.Graph;

/// <summary>
/// Splits a Graph path (after <c>/v1.0/</c>) into segments, turning key segments into their own entries:
/// <c>applications(appId='x')/addPassword</c> → [applications, appId=x, addPassword];
/// <c>applications/{id}</c> and <c>applications('{id}')</c> → [applications, {id}].
/// </summary>
public static partial class GraphPath
{
    public const string AppIdKeyPrefix = "appId=";

    public static string[] Split(string path)
    {
        var result = new List<string>();
        foreach (var raw in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Uri.UnescapeDataString(raw);
            var keyed = KeyedSegment().Match(segment);
            if (!keyed.Success)
            {
                result.Add(segment);
                continue;
            }
            result.Add(keyed.Groups["name"].Value);
            result.Add(keyed.Groups["property"].Success
                ? $"{keyed.Groups["property"].Value}={keyed.Groups["key"].Value}"
                : keyed.Groups["key"].Value);
        }
        return result.ToArray();
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z]+)\((?:(?<property>[A-Za-z]+)=)?'?(?<key>[^')]+)'?\)$")]
    private static partial Regex KeyedSegment();
}
