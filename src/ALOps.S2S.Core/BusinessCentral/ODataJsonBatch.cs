using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>
    /// The OData JSON batch format Business Central's API routes accept on <c>{serviceRoot}/$batch</c>: GET requests
    /// with ids "1".."n" and URLs relative to the service root; answers matched back by id.
    /// </summary>
    internal static class ODataJsonBatch
    {
        /// <summary>Business Central refuses a batch of more than 100 operations.</summary>
        public const int MaxOperations = 100;

        public static object Reads(IReadOnlyList<string> relativeUrls)
            => new { requests = relativeUrls.Select((url, i) => new { id = (i + 1).ToString(), method = "GET", url }).ToArray() };

        /// <summary>The answers in request order; null when <paramref name="body"/> is not a batch answer (a service without $batch).</summary>
        public static IReadOnlyList<InnerAnswer>? Answers(JsonElement? body, int count)
        {
            if (body is not JsonElement root || root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("responses", out var responses) || responses.ValueKind != JsonValueKind.Array) return null;
            var byId = new Dictionary<string, InnerAnswer>();
            foreach (var response in responses.EnumerateArray())
            {
                var id = response.TryGetProperty("id", out var idValue) ? idValue.ToString() : null;
                if (id == null || !response.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number) continue;
                byId[id] = new InnerAnswer(status.GetInt32(), response.TryGetProperty("body", out var inner) ? inner.Clone() : (JsonElement?)null);
            }
            var ordered = new List<InnerAnswer>();
            for (int i = 1; i <= count; i++)
            {
                if (!byId.TryGetValue(i.ToString(), out var answer)) return null;
                ordered.Add(answer);
            }
            return ordered;
        }

        internal sealed class InnerAnswer
        {
            public InnerAnswer(int status, JsonElement? body)
            {
                Status = status;
                Body = body;
            }

            public int Status { get; }
            public JsonElement? Body { get; }
            public bool IsSuccess => Status >= 200 && Status < 300;
            /// <summary>Throttled or briefly unavailable: worth asking again on its own, where Retry-After is honoured.</summary>
            public bool IsTransient => Status == 429 || Status == 503 || Status == 504;
        }
    }
}
