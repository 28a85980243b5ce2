using System;
using System.Text.RegularExpressions;

namespace ALOps.S2S.Core.Logging
{
    /// <summary>
    /// Removes credentials from anything the module logs: tokens, secrets, assertions, authorization headers.
    /// Applied to every line that leaves the engine, so a new log statement cannot leak by accident.
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
            result = FormOrQueryField.Replace(result, m => m.Groups["name"].Value + "=" + Mask);
            result = AuthorizationHeader.Replace(result, m => m.Groups["scheme"].Value + " " + Mask);
            return result;
        }

        /// <summary>The URL as it may be logged: scheme, host, path and the query with sensitive values masked.</summary>
        public static string RedactUrl(Uri? uri)
        {
            if (uri == null) return string.Empty;
            return Redact(uri.GetLeftPart(UriPartial.Path) + uri.Query);
        }
    }
}
