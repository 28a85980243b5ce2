using System;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Http;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>
    /// Which Admin Center API version a connection uses: the current documented one first, and once a service answers
    /// that it does not support it, the lowest documented version that has every call the product makes
    /// (authorizedAadApps GET/PUT/DELETE and environments: first documented in v2.15) for the rest of the connection.
    /// </summary>
    internal static class AdminCenterApiVersion
    {
        /// <summary>The latest version the documentation names (administration-center-api includes, 2025).</summary>
        public const string Preferred = "v2.29";

        /// <summary>The first version whose documentation has authorizedAadApps (administration-center-api_authorizedaadapps.md, 10/2022).</summary>
        public const string Lowest = "v2.15";

        // The service's answer to an unsupported version is not documented: accept any 400/404 that says so.
        private static readonly Regex SaysUnsupportedVersion = new Regex(
            @"version\b.{0,80}\b(not supported|unsupported|not valid|invalid|not found|does not exist|doesn't exist|unknown)|\b(unsupported|invalid|unknown)\b.{0,40}\bversion",
            RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.Compiled);

        private static readonly ConditionalWeakTable<S2SSession, StrongBox<string>> Chosen = new ConditionalWeakTable<S2SSession, StrongBox<string>>();

        public static string For(S2SSession session) => Chosen.GetValue(session, _ => new StrongBox<string>(Preferred)).Value!;

        public static void FallBack(S2SSession session) => Chosen.GetValue(session, _ => new StrongBox<string>(Preferred)).Value = Lowest;

        /// <summary>True when <paramref name="answer"/> refuses the API version rather than the request.</summary>
        public static bool IsUnsupportedVersion(JsonAnswer answer)
        {
            if (answer.Status != 400 && answer.Status != 404) return false;
            var error = BcErrorBody.From(answer.Body);
            if (error.Code != null && error.Code.IndexOf("version", StringComparison.OrdinalIgnoreCase) >= 0) return true;
            var text = error.Message ?? (answer.Body == null ? answer.Raw : null);
            return text != null && SaysUnsupportedVersion.IsMatch(text);
        }

        /// <summary>A short reason for the debug stream (never a body: it may carry tenant data).</summary>
        public static string Reason(JsonAnswer answer)
        {
            var error = BcErrorBody.From(answer.Body);
            return "HTTP " + answer.Status + (error.Code != null ? " " + error.Code : string.Empty);
        }
    }
}
