using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ALOps.S2S.Emulator.Tokens;

namespace ALOps.S2S.Emulator.Recording;

/// <summary>
/// Turns raw exchanges into contract-sample documents with every token, secret, key, e-mail address, name of a person
/// and tenant-identifying value replaced by a stable placeholder (the same value gets the same placeholder across the
/// run). Two passes: everything sensitive is learned from all exchanges first, so a value is also caught where it appears
/// in a form the rules do not know (in a URL, inside a message).
/// </summary>
public sealed class RecordingRedactor
{
    private static readonly HashSet<string> SecretMembers = new(StringComparer.OrdinalIgnoreCase)
    {
        "access_token", "refresh_token", "id_token", "client_secret", "client_assertion", "secretText", "password", "key", "code",
        "device_code", "user_code", "assertion", "client_info", "code_verifier", "hint", "customKeyIdentifier",
    };

    /// <summary>Form fields that carry a credential (client_info=1 in a request only asks for the claim; its answer is a secret).</summary>
    private static readonly HashSet<string> SecretFormFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "client_secret", "client_assertion", "refresh_token", "code", "device_code", "password", "assertion", "code_verifier",
    };

    private static readonly HashSet<string> PersonMembers = new(StringComparer.OrdinalIgnoreCase)
    {
        "userPrincipalName", "mail", "userName", "fullName", "contactEmail", "authenticationEmail", "givenName", "surname",
        "preferred_username", "login_hint", "username", "createdBy",
    };

    private static readonly string[] PersonClaims = ["upn", "unique_name", "preferred_username", "email", "name", "given_name", "family_name"];

    private readonly Dictionary<string, string> _placeholders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _allowedGuids = new(RecordingPatterns.WellKnownGuids, StringComparer.OrdinalIgnoreCase);
    private Regex? _known;

    /// <summary>
    /// The raw values the scan must not find anywhere in the written recording (never written themselves): tokens, secrets,
    /// e-mail addresses, domains and GUIDs. Names of people are replaced where they stand only (a user called "Admin" must not
    /// turn every "/admin/" path into a placeholder), so they are not searched as substrings.
    /// </summary>
    public IReadOnlyCollection<string> SensitiveValues => _placeholders.Where(p => !p.Value.StartsWith("{name-", StringComparison.Ordinal) && p.Key.Length >= MinimumSubstring).Select(p => p.Key).ToList();

    /// <summary>Shorter values (a secret's 3-character hint) are replaced where they stand only.</summary>
    private const int MinimumSubstring = 6;

    /// <param name="tenant">The tenant as the operator named it (GUID or domain): <c>{tenant-id}</c> / <c>{tenant-domain}</c>.</param>
    /// <param name="knownValues">Values the run knows are secret or identifying (the operator's client secret, ...).</param>
    public RecordingRedactor(string? tenant, IEnumerable<string> knownValues)
    {
        if (!string.IsNullOrWhiteSpace(tenant))
        {
            if (System.Guid.TryParse(tenant, out _)) _placeholders[tenant] = "{tenant-id}";
            else _placeholders[tenant] = "{tenant-domain}";
        }
        foreach (var value in knownValues.Where(v => !string.IsNullOrEmpty(v))) Learn(value, KindOf(value));
    }

    public IReadOnlyList<JsonObject> Redact(IReadOnlyList<RecordedExchange> exchanges)
    {
        foreach (var exchange in exchanges) LearnFrom(exchange);
        var substrings = SensitiveValues.Where(v => !System.Guid.TryParse(v, out _)).OrderByDescending(v => v.Length).Select(Regex.Escape).ToList();
        _known = substrings.Count == 0 ? null : new Regex(string.Join("|", substrings), RegexOptions.IgnoreCase);
        return exchanges.Select(Document).ToList();
    }

    private static string SecretKind(string value) => RecordingPatterns.Jwt().IsMatch(value) ? "token" : "secret";

    private static string KindOf(string value) =>
        System.Guid.TryParse(value, out _) ? "guid" : RecordingPatterns.Email().IsMatch(value) ? "email" : RecordingPatterns.TenantDomain().IsMatch(value) ? "domain" : "secret";

    private void Learn(string value, string kind)
    {
        if (string.IsNullOrEmpty(value) || RecordingPatterns.Placeholder().IsMatch(value) || _placeholders.ContainsKey(value)) return;
        if (kind == "guid" && _allowedGuids.Contains(value)) return;
        var n = _counters[kind] = _counters.GetValueOrDefault(kind) + 1;
        _placeholders[value] = $"{{{kind}-{n}}}";
    }

    #region learning

    private void LearnFrom(RecordedExchange exchange)
    {
        foreach (var (_, value) in exchange.RequestHeaders.Concat(exchange.ResponseHeaders)) LearnText(value);
        LearnText(exchange.Target);
        LearnBody(exchange.RequestBody, exchange.RequestHeader("Content-Type"));
        LearnBody(exchange.ResponseBody, exchange.ResponseHeader("Content-Type"));
    }

    private void LearnBody(byte[] body, string? contentType)
    {
        if (body.Length == 0) return;
        var text = Encoding.UTF8.GetString(body);
        if (IsForm(contentType))
            foreach (var (name, value) in ParseForm(text))
            {
                if (SecretFormFields.Contains(name)) Learn(value, SecretKind(value));
                else if (PersonMembers.Contains(name)) Learn(value, "name");
                LearnText(value);
            }
        else if (TryParseJson(text) is { } json) LearnJson(json, null);
        LearnText(text);
    }

    private void LearnJson(JsonNode node, string? member)
    {
        switch (node)
        {
            case JsonObject o:
                var isPerson = o.ContainsKey("userSecurityId") || o.ContainsKey("userPrincipalName");
                foreach (var (name, value) in o)
                {
                    if (value is null) continue;
                    if (value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        if (SecretMembers.Contains(name)) Learn(s, SecretKind(s));
                        else if (PersonMembers.Contains(name) || (isPerson && name == "displayName")) Learn(s, "name");
                        else if (RecordingPatterns.IsPermissionId(name, member))
                            _allowedGuids.Add(s);
                    }
                    else LearnJson(value, name);
                }
                break;
            case JsonArray a:
                foreach (var item in a) if (item is not null) LearnJson(item, member);
                break;
        }
    }

    private void LearnText(string text)
    {
        foreach (Match jwt in RecordingPatterns.Jwt().Matches(text))
        {
            Learn(jwt.Value, "token");
            LearnClaims(jwt.Value);
        }
        foreach (Match email in RecordingPatterns.Email().Matches(text))
        {
            Learn(email.Value, "email");
            Learn(email.Value[(email.Value.IndexOf('@') + 1)..], "domain");
        }
        foreach (Match domain in RecordingPatterns.TenantDomain().Matches(text)) Learn(domain.Value, "domain");
    }

    private void LearnClaims(string jwt)
    {
        JsonObject? claims;
        try
        {
            claims = Base64Url.TryDecode(jwt.Split('.')[1], out var payload) ? JsonNode.Parse(payload) as JsonObject : null;
        }
        catch (JsonException)
        {
            return;
        }
        if (claims is null) return;
        if (claims["tid"] is JsonValue tid && tid.TryGetValue<string>(out var tenantId) && !_placeholders.ContainsKey(tenantId)) _placeholders[tenantId] = "{tenant-id}";
        foreach (var claim in PersonClaims)
            if (claims[claim] is JsonValue v && v.TryGetValue<string>(out var s)) Learn(s, RecordingPatterns.Email().IsMatch(s) ? "email" : "name");
    }

    #endregion

    #region writing

    private JsonObject Document(RecordedExchange exchange)
    {
        var requestType = exchange.RequestHeader("Content-Type");
        var request = new JsonObject { ["headers"] = Headers(exchange.RequestHeaders, RequestHeadersKept) };
        var requestText = Encoding.UTF8.GetString(exchange.RequestBody);
        if (exchange.RequestBody.Length == 0) request["body"] = null;
        else if (IsForm(requestType))
        {
            var fields = ParseForm(requestText).Select(f => (f.Name, Value: SecretFormFields.Contains(f.Name) ? Placeholder(f.Value, SecretKind(f.Value)) : RedactText(f.Value))).ToList();
            var body = new JsonObject();
            foreach (var (name, value) in fields) body[name] = value;
            request["body"] = body;
            request["body_form"] = string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value).Replace("%7B", "{").Replace("%7D", "}")));
        }
        else if (TryParseJson(requestText) is { } json) request["body"] = RedactJson(json, null);
        else
        {
            request["body"] = null;
            request["body_text"] = RedactText(requestText);
        }

        var response = new JsonObject { ["status"] = exchange.Status, ["headers"] = Headers(exchange.ResponseHeaders, ResponseHeadersKept) };
        var responseText = Encoding.UTF8.GetString(exchange.ResponseBody);
        if (exchange.ResponseBody.Length == 0) response["body"] = null;
        else if (TryParseJson(responseText) is { } json) response["body"] = RedactJson(json, null);
        else
        {
            response["body"] = null;
            response["body_text"] = RedactText(responseText);
        }

        return new JsonObject
        {
            ["source"] = $"recording : build.ps1 -Task LiveTest against {exchange.Upstream} ({exchange.Service}, {exchange.Phase})",
            ["service"] = exchange.Service,
            ["sequence"] = exchange.Sequence,
            ["phase"] = exchange.Phase,
            ["method"] = exchange.Method,
            ["path"] = RedactText(SafeUnescape(exchange.Target)),
            ["request"] = request,
            ["response"] = response,
            ["notes"] = "Recorded, not documented. Tokens, secrets, keys, e-mail addresses, names of people, tenant ids and domains and the tenant's object ids are placeholders ({kind-N}: the same value has the same placeholder in every file of the recording). Compare shapes only.",
        };
    }

    private static readonly string[] RequestHeadersKept = ["Content-Type", "Accept", "Authorization", "ConsistencyLevel", "Prefer", "If-Match", "OData-Version"];
    private static readonly string[] ResponseHeadersKept = ["Content-Type", "Location", "Retry-After", "OData-Version", "ETag", "WWW-Authenticate", "Content-Location"];

    private JsonObject Headers(IReadOnlyList<KeyValuePair<string, string>> headers, string[] kept)
    {
        var result = new JsonObject();
        foreach (var name in kept)
        {
            var value = headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
            if (value is null) continue;
            result[name] = name == "Authorization" ? AuthorizationPlaceholder(value) : RedactText(value);
        }
        return result;
    }

    private string AuthorizationPlaceholder(string value)
    {
        var space = value.IndexOf(' ');
        var scheme = space > 0 ? value[..space] : "Bearer";
        var credential = space > 0 ? value[(space + 1)..].Trim() : value;
        return scheme + " " + (RecordingPatterns.Jwt().IsMatch(credential) ? Placeholder(credential, "token") : Placeholder(credential, "secret"));
    }

    private JsonNode? RedactJson(JsonNode? node, string? member)
    {
        switch (node)
        {
            case null: return null;
            case JsonObject o:
                var isPerson = o.ContainsKey("userSecurityId") || o.ContainsKey("userPrincipalName");
                var result = new JsonObject();
                foreach (var (name, value) in o)
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var s))
                        result[name] = SecretMembers.Contains(name) ? Placeholder(s, SecretKind(s))
                            : PersonMembers.Contains(name) || (isPerson && name == "displayName") ? Placeholder(s, "name")
                            : RedactText(s);
                    else result[name] = RedactJson(value, name);
                }
                return result;
            case JsonArray a:
                return new JsonArray(a.Select(i => RedactJson(i, member)).ToArray());
            case JsonValue v when v.TryGetValue<string>(out var text):
                return RedactText(text);
            default:
                return node.DeepClone();
        }
    }

    private string Placeholder(string value, string kind)
    {
        if (value.Length == 0 || IsPlaceholder(value)) return value;
        Learn(value, kind);
        return _placeholders.TryGetValue(value, out var placeholder) ? placeholder : RedactText(value);
    }

    /// <summary>Replaces every learned value, then anything still shaped like a token, e-mail, tenant domain or tenant GUID.</summary>
    public string RedactText(string text)
    {
        if (text.Length == 0) return text;
        text = RecordingPatterns.Jwt().Replace(text, m => Placeholder(m.Value, "token"));
        text = RecordingPatterns.Email().Replace(text, m => Placeholder(m.Value, "email"));
        if (_known is not null) text = _known.Replace(text, m => _placeholders[m.Value]);
        text = RecordingPatterns.TenantDomain().Replace(text, m => Placeholder(m.Value, "domain"));
        text = RecordingPatterns.Guid().Replace(text, m => _allowedGuids.Contains(m.Value) ? m.Value : Placeholder(m.Value, "guid"));
        return text;
    }

    #endregion

    public static bool IsPlaceholder(string value) => RecordingPatterns.Placeholder().Match(value) is { Success: true } m && m.Length == value.Length;

    internal static bool IsForm(string? contentType) => contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    internal static List<(string Name, string Value)> ParseForm(string text) =>
        text.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var eq = pair.IndexOf('=');
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? string.Empty : pair[(eq + 1)..];
            return (SafeUnescape(name.Replace('+', ' ')), SafeUnescape(value.Replace('+', ' ')));
        }).ToList();

    internal static JsonNode? TryParseJson(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '[')) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string SafeUnescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }
}
