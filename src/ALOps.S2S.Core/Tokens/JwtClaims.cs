using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace ALOps.S2S.Core.Tokens
{
    /// <summary>
    /// The claims of an access token, read without validation: a client reads its own tokens only to learn
    /// who it is, for which tenant and until when. The resource validates them.
    /// </summary>
    public sealed class JwtClaims
    {
        private readonly Dictionary<string, JsonElement> _claims;

        private JwtClaims(Dictionary<string, JsonElement> claims) => _claims = claims;

        public static JwtClaims? TryParse(string? token)
        {
            if (string.IsNullOrWhiteSpace(token)) return null;
            var parts = token!.Trim().Split('.');
            if (parts.Length < 2) return null;
            try
            {
                using var document = JsonDocument.Parse(Base64UrlDecode(parts[1]));
                if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
                return new JwtClaims(document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal));
            }
            catch (Exception ex) when (ex is FormatException || ex is JsonException || ex is ArgumentException)
            {
                return null;
            }
        }

        public string? TenantId => String("tid");
        public string? ObjectId => String("oid");
        public string? Audience => String("aud");
        public string? AppId => String("appid") ?? String("azp");
        public string? UserPrincipalName => String("upn") ?? String("preferred_username") ?? String("unique_name");
        /// <summary>"app" for app-only tokens, "user" for delegated ones (absent from some older tokens).</summary>
        public string? IdentityType => String("idtyp");
        public bool IsAppOnly => IdentityType == "app" || (IdentityType == null && String("scp") == null && UserPrincipalName == null);
        public IReadOnlyList<string> Roles => StringArray("roles");
        public IReadOnlyList<string> Scopes => (String("scp") ?? string.Empty).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        public IReadOnlyList<string> DirectoryRoleIds => StringArray("wids");
        public DateTimeOffset? ExpiresOn => Number("exp") is long exp ? DateTimeOffset.FromUnixTimeSeconds(exp) : (DateTimeOffset?)null;

        public bool Has(string name) => _claims.ContainsKey(name);

        public string? String(string name)
            => _claims.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private long? Number(string name)
            => _claims.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : (long?)null;

        private IReadOnlyList<string> StringArray(string name)
            => _claims.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
                : (IReadOnlyList<string>)Array.Empty<string>();

        private static byte[] Base64UrlDecode(string segment)
        {
            var base64 = segment.Replace('-', '+').Replace('_', '/');
            switch (base64.Length % 4)
            {
                case 2: base64 += "=="; break;
                case 3: base64 += "="; break;
            }
            return Convert.FromBase64String(base64);
        }
    }
}
