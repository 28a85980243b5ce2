using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace ALOps.S2S.Core.Http
{
    /// <summary>
    /// Recognizes a JSON $batch (Microsoft Graph or OData) whose operations are all GETs: a POST that changes
    /// nothing, so it is as safe to send again as the reads inside it.
    /// </summary>
    internal static class ReadOnlyBatch
    {
        /// <summary>Needs the request's content buffered (the retry handler buffers it first).</summary>
        public static async Task<bool> IsAsync(HttpRequestMessage request)
        {
            if (request.Method != HttpMethod.Post || request.Content == null || request.RequestUri == null
                || !request.RequestUri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal)) return false;
            try
            {
                using var body = JsonDocument.Parse(await request.Content.ReadAsStringAsync().ConfigureAwait(false));
                if (!body.RootElement.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array) return false;
                foreach (var operation in requests.EnumerateArray())
                    if (!operation.TryGetProperty("method", out var method) || !string.Equals(method.GetString(), "GET", StringComparison.OrdinalIgnoreCase)) return false;
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}
