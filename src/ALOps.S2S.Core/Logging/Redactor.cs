using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace ALOps.S2S.Core.Logging
{
    /// <summary>
    /// Removes credentials from anything the module reports: tokens, secrets, assertions, authorization headers.
    /// Applied where text leaves the engine: the cmdlets' log sink redacts every verbose, debug and warning line,
    /// and every S2SException redacts its texts when it is made, so neither a new log statement nor a new error
    /// (carrying a service's error body, say) can leak by accident.
    /// </summary>
    public static class Redactor
    {
        public const string Mask = "***";

        private const string SensitiveNames =
            "client_secret|client_assertion|assertion|refresh_token|access_token|id_token|code|device_code|password|secretText|secret|token|key|x-identity-header";

        private static readonly Regex Jwt = new Regex(
            @"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*", RegexOptions.Compiled);

        private static readonly Regex FormOrQueryField = new Regex(
            @"(?<name>\b(?:" + SensitiveNames + @"))=(?<value>[^&\s""']+)", RegexOptions.Compiled | RegexOptions.IgnoreCase);

        private static readonly Regex JsonField = new Regex(
            @"""(?<name>" + SensitiveNames + @")""\s*:\s*""(?<value>(?:[^""\\]|\\.)*)""", RegexOptions.Compiled | RegexOptions.IgnoreCase);

        private static readonly Regex AuthorizationHeader = new Regex(
            @"(?<scheme>\b(?:Bearer|Basic|PoP))\s+[A-Za-z0-9_\-\.=+/]+", RegexOptions.Compiled | RegexOptions.IgnoreCase);

        public static string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            var result = Jwt.Replace(text, Mask);
            result = JsonField.Replace(result, m => "\"" + m.Groups["name"].Value + "\":\"" + Mask + "\"");
            result = FormOrQueryField.Replace(result, m => IsEntraErrorCode(m) ? m.Value : m.Groups["name"].Value + "=" + Mask);
            result = AuthorizationHeader.Replace(result, m => m.Groups["scheme"].Value + " " + Mask);
            return result;
        }

        /// <summary>
        /// <c>code=7000215</c>, as in Entra's error lookup link (login.microsoftonline.com/error?code=...): an
        /// AADSTS number, never a credential (authorization and device codes are long opaque strings).
        /// </summary>
        private static bool IsEntraErrorCode(Match field)
        {
            var value = field.Groups["value"].Value.TrimEnd('.', ',', ';', ')');
            return string.Equals(field.Groups["name"].Value, "code", StringComparison.OrdinalIgnoreCase)
                   && value.Length > 0 && value.Length <= 8 && value.All(c => c >= '0' && c <= '9');
        }

        /// <summary>The URL as it may be logged: scheme, host, path and the query with sensitive values masked.</summary>
        public static string RedactUrl(Uri? uri)
        {
            if (uri == null) return string.Empty;
            return Redact(uri.GetLeftPart(UriPartial.Path) + uri.Query);
        }
    }
}
