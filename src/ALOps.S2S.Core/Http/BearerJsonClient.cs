using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Http
{
    /// <summary>A JSON answer: status, body (parsed when it is JSON) and the raw text for error messages.</summary>
    internal sealed class JsonAnswer
    {
        private readonly byte[] _raw;

        public JsonAnswer(int status, JsonElement? body, byte[] raw)
        {
            Status = status;
            Body = body;
            _raw = raw;
        }

        public int Status { get; }
        public JsonElement? Body { get; }
        /// <summary>The body as text, decoded when asked (only error messages need it).</summary>
        public string Raw => Encoding.UTF8.GetString(_raw);
        public bool IsSuccess => Status >= 200 && Status < 300;
    }

    /// <summary>
    /// Calls a JSON REST API (Business Central Admin Center and environment APIs) with a bearer token from an
    /// identity, on the connection's HTTP chain (retry, redacted tracing).
    /// </summary>
    internal sealed class BearerJsonClient
    {
        private static readonly byte[] Utf8ByteOrderMark = { 0xEF, 0xBB, 0xBF };
        private readonly HttpClient _http;
        private readonly Func<CancellationToken, Task<AccessToken>> _token;

        public BearerJsonClient(HttpClient http, Func<CancellationToken, Task<AccessToken>> token)
        {
            _http = http;
            _token = token;
        }

        public async Task<JsonAnswer> SendAsync(HttpMethod method, Uri uri, object? body, CancellationToken ct)
        {
            var token = await _token(ct).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (body != null)
                request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            else if (method == HttpMethod.Put || method == HttpMethod.Post)
                request.Content = new StringContent(string.Empty, Encoding.UTF8, "application/json");

            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            // Parsed from the bytes as they came: a hundred rows' answers at once are not copied into strings first.
            var raw = response.Content == null ? Array.Empty<byte>() : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            JsonElement? parsed = null;
            if (raw.Length > 0)
            {
                try
                {
                    var json = new ReadOnlySpan<byte>(raw);
                    if (json.StartsWith(Utf8ByteOrderMark)) json = json.Slice(Utf8ByteOrderMark.Length);
                    var reader = new Utf8JsonReader(json);
                    var value = JsonElement.ParseValue(ref reader);
                    if (reader.Read()) throw new JsonException("More than one JSON value."); // as JsonDocument.Parse refuses
                    parsed = value;
                }
                catch (JsonException)
                {
                    // Front-door or proxy answers are not JSON; callers report Raw's status instead.
                }
            }
            return new JsonAnswer((int)response.StatusCode, parsed, raw);
        }

        public Task<JsonAnswer> GetAsync(Uri uri, CancellationToken ct) => SendAsync(HttpMethod.Get, uri, null, ct);
    }
}
