using System;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>The fields of a Microsoft identity platform error response that we branch on.</summary>
    public sealed class OAuthErrorBody
    {
        private static readonly Regex AadstsInText = new Regex(@"AADSTS(?<code>\d{4,7})", RegexOptions.Compiled);

        public string? Error { get; private set; }
        public int? Code { get; private set; }
        public string? CorrelationId { get; private set; }
        public string? TraceId { get; private set; }

        /// <summary>Reads a token endpoint error body; falls back to the first AADSTS code in free text.</summary>
        public static OAuthErrorBody Parse(string? responseBody, string? fallbackText = null)
        {
            var result = new OAuthErrorBody();
            if (!string.IsNullOrWhiteSpace(responseBody))
            {
                try
                {
                    using var document = JsonDocument.Parse(responseBody!);
                    var root = document.RootElement;
                    if (root.ValueKind == JsonValueKind.Object)
                    {
                        result.Error = ReadString(root, "error");
                        result.CorrelationId = ReadString(root, "correlation_id");
                        result.TraceId = ReadString(root, "trace_id");
                        if (root.TryGetProperty("error_codes", out var codes) && codes.ValueKind == JsonValueKind.Array)
                        {
                            var first = codes.EnumerateArray().FirstOrDefault(c => c.ValueKind == JsonValueKind.Number);
                            if (first.ValueKind == JsonValueKind.Number) result.Code = first.GetInt32();
                        }
                        result.Code ??= CodeIn(ReadString(root, "error_description"));
                    }
                }
                catch (JsonException)
                {
                    // Not JSON (a proxy page, say): the text fallback below still finds an AADSTS code.
                }
            }
            result.Code ??= CodeIn(responseBody) ?? CodeIn(fallbackText);
            return result;
        }

        private static int? CodeIn(string? text)
        {
            if (text == null) return null;
            var match = AadstsInText.Match(text);
            return match.Success && int.TryParse(match.Groups["code"].Value, out var code) ? code : (int?)null;
        }

        private static string? ReadString(JsonElement element, string name)
            => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
