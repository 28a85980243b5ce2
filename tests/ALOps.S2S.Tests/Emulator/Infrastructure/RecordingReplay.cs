using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ALOps.S2S.Emulator;
using ALOps.S2S.Emulator.Recording;

namespace ALOps.S2S.Tests.Emulator.Infrastructure;

/// <summary>
/// Replays a LiveTest recording, in order, against an emulator and keeps the emulator's answer to each file's request, so
/// <see cref="ShapeConformance"/> can show where the emulator and the recorded service differ. Placeholders are filled as
/// the replay goes: when a recorded answer has a placeholder where the emulator's answer has a value (an access token, a
/// new app's id or secret), later requests get that value. <c>{tenant-id}</c> and <c>{tenant-domain}</c> are contoso's.
/// </summary>
public sealed class RecordingReplay
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private RecordingReplay() { }

    public IReadOnlyList<ReplayedExchange> Exchanges { get; private set; } = [];

    public static async Task<RecordingReplay> RunAsync(string directory, EmulatorHost emulator, string tenantId, string tenantDomain)
    {
        var replay = new RecordingReplay();
        replay._values["{tenant-id}"] = tenantId;
        replay._values["{tenant-domain}"] = tenantDomain;
        using var http = TrustedHttp.CreateClient(emulator.CaCertificate);
        var exchanges = new List<ReplayedExchange>();
        foreach (var file in Directory.GetFiles(directory, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var sample = ContractSample.LoadFile(file);
            var host = (string?)sample.Document["service"] switch
            {
                "login" => emulator.AuthorityHost,
                "graph" => emulator.GraphEndpoint,
                "bc" => emulator.BusinessCentralEndpoint,
                var other => throw new InvalidDataException($"{sample.Name}: unknown service '{other}'"),
            };
            var answer = await http.SendAsync(replay.Request(sample, host));
            await answer.Content.LoadIntoBufferAsync();
            replay.LearnFrom(sample, answer, await answer.Content.ReadAsStringAsync());
            exchanges.Add(new ReplayedExchange(sample, answer));
        }
        replay.Exchanges = exchanges;
        return replay;
    }

    private HttpRequestMessage Request(ContractSample sample, string host)
    {
        var document = sample.Document;
        var request = new HttpRequestMessage(new HttpMethod((string)document["method"]!), new Uri(host + Fill((string)document["path"]!, v => v)));
        var recorded = document["request"] as JsonObject;
        string? contentType = null;
        foreach (var (name, value) in recorded?["headers"] as JsonObject ?? [])
        {
            var text = Fill((string?)value ?? string.Empty, v => v);
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = text;
            else if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && text.IndexOf(' ') is var space and > 0)
                request.Headers.Authorization = new AuthenticationHeaderValue(text[..space], text[(space + 1)..]);
            else request.Headers.TryAddWithoutValidation(name, text);
        }
        if (recorded?["body_form"] is JsonValue form)
            request.Content = new StringContent(Fill((string)form!, Uri.EscapeDataString), Encoding.UTF8, "application/x-www-form-urlencoded");
        else if (recorded?["body"] is JsonNode body)
            request.Content = new StringContent(Fill(body.ToJsonString(), v => JsonEncodedText.Encode(v).ToString()), Encoding.UTF8, "application/json");
        if (request.Content is not null && contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed))
            request.Content.Headers.ContentType = parsed;
        return request;
    }

    private string Fill(string text, Func<string, string> encode) =>
        RecordingPatterns.Placeholder().Replace(text, m => _values.TryGetValue(m.Value, out var value) ? encode(value) : m.Value);

    private void LearnFrom(ContractSample sample, HttpResponseMessage answer, string text)
    {
        if (sample.ResponseBody is { } recorded && ParseOrNull(text) is { } actual) Learn(recorded, actual);
        if (sample.Headers["Location"] is JsonValue location && answer.Headers.Location is { } actualLocation)
            LearnString((string)location!, actualLocation.ToString());
    }

    private void Learn(JsonNode recorded, JsonNode actual)
    {
        switch (recorded, actual)
        {
            case (JsonObject r, JsonObject a):
                foreach (var (name, value) in r)
                    if (value is not null && a[name] is { } other) Learn(value, other);
                break;
            case (JsonArray r, JsonArray a):
                for (var i = 0; i < Math.Min(r.Count, a.Count); i++)
                    if (r[i] is { } item && a[i] is { } other) Learn(item, other);
                break;
            case (JsonValue r, JsonValue a) when r.TryGetValue<string>(out var rs) && a.TryGetValue<string>(out var s):
                LearnString(rs, s);
                break;
        }
    }

    /// <summary>The recorded string is a template: its placeholders are what the emulator's string has in their place.</summary>
    private void LearnString(string recorded, string actual)
    {
        var placeholders = RecordingPatterns.Placeholder().Matches(recorded);
        if (placeholders.Count == 0) return;
        var pattern = "^" + string.Join("(.+?)", RecordingPatterns.Placeholder().Split(recorded).Select(Regex.Escape)) + "$";
        var match = Regex.Match(actual, pattern, RegexOptions.Singleline);
        if (!match.Success) return;
        for (var i = 0; i < placeholders.Count; i++) _values.TryAdd(placeholders[i].Value, match.Groups[i + 1].Value);
    }

    private static JsonNode? ParseOrNull(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record ReplayedExchange(ContractSample Sample, HttpResponseMessage Answer);
