using System.Text.Json;
using System.Text.RegularExpressions;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>
    /// The error of a Business Central answer: the Admin Center's flat <c>{code, message, target}</c>, or the
    /// environment APIs' OData <c>{"error": {code, message}}</c> whose message ends with the correlation id.
    /// </summary>
    internal sealed class BcErrorBody
    {
        private static readonly Regex CorrelationInMessage = new Regex(@"CorrelationId:\s*(?<id>[0-9A-Fa-f\-]{36})", RegexOptions.Compiled);

        public string? Code { get; private set; }
        public string? Message { get; private set; }
        public string? Target { get; private set; }
        public string? CorrelationId { get; private set; }

        public static BcErrorBody From(JsonElement? body)
        {
            var result = new BcErrorBody();
            if (body is JsonElement root && root.ValueKind == JsonValueKind.Object)
            {
                var error = root.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
                result.Code = Read(error, "code");
                result.Message = Read(error, "message");
                result.Target = Read(error, "target");
                var match = result.Message == null ? Match.Empty : CorrelationInMessage.Match(result.Message);
                result.CorrelationId = match.Success ? match.Groups["id"].Value : null;
            }
            return result;
        }

        private static string? Read(JsonElement element, string name)
            => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
