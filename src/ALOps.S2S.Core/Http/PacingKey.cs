using System;
using System.Net.Http;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Http
{
    /// <summary>
    /// What a service throttles by: its host (scheme, host, port) and the tenant a request acts for, read from the
    /// bearer token's <c>tid</c>, else from a token endpoint path <c>/{tenant}/oauth2/...</c>.
    /// </summary>
    internal sealed class PacingKey
    {
        private PacingKey(string host, string? tenant, string value)
        {
            Host = host;
            Tenant = tenant;
            Value = value;
        }

        /// <summary>The host as logged: name, and the port when it is not the scheme's default.</summary>
        public string Host { get; }
        public string? Tenant { get; }
        /// <summary>The identity of the key: scheme, host, port and tenant.</summary>
        public string Value { get; }

        public static PacingKey For(HttpRequestMessage request)
        {
            var uri = request.RequestUri;
            if (uri == null || !uri.IsAbsoluteUri) return new PacingKey(string.Empty, null, string.Empty);
            var host = uri.Host + (uri.IsDefaultPort ? string.Empty : ":" + uri.Port);
            var tenant = TenantOfBearer(request) ?? TenantOfTokenPath(uri);
            var value = (uri.Scheme + "://" + uri.Host + ":" + uri.Port).ToLowerInvariant() + "|" + tenant;
            return new PacingKey(host, tenant, value);
        }

        private static string? TenantOfBearer(HttpRequestMessage request)
        {
            var authorization = request.Headers.Authorization;
            if (authorization == null || !string.Equals(authorization.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)) return null;
            var tenant = JwtClaims.TryParse(authorization.Parameter)?.TenantId;
            return string.IsNullOrEmpty(tenant) ? null : tenant!.ToLowerInvariant();
        }

        private static string? TenantOfTokenPath(Uri uri)
        {
            var segments = uri.AbsolutePath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            return segments.Length >= 2 && string.Equals(segments[1], "oauth2", StringComparison.OrdinalIgnoreCase)
                ? Uri.UnescapeDataString(segments[0]).ToLowerInvariant()
                : null;
        }
    }
}
