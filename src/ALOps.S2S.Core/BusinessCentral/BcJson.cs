using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>Reads Business Central answers: collections bare or in a <c>value</c> wrapper, and string fields.</summary>
    internal static class BcJson
    {
        public static IEnumerable<JsonElement> Items(JsonElement? body)
        {
            if (body is not JsonElement root) return Enumerable.Empty<JsonElement>();
            if (root.ValueKind == JsonValueKind.Array) return root.EnumerateArray().ToList();
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array) return value.EnumerateArray().ToList();
            return Enumerable.Empty<JsonElement>();
        }

        public static string? Read(JsonElement element, string name)
            => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
