using System;
using System.Collections.Concurrent;
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

        // A token is reused for many requests: its tenant is read from it once. Remembered by a hash of the token's
        // claims part, which decides the tenant and cannot be used as a token (nor can its hash), without copying it
        // out of every request; bounded: a long session sees many tokens.
        private const int RememberedTokens = 1024;
        private static readonly ConcurrentDictionary<(ulong Hash, int Length), string> TenantByClaims = new ConcurrentDictionary<(ulong Hash, int Length), string>();

        private static string? TenantOfBearer(HttpRequestMessage request)
        {
            var authorization = request.Headers.Authorization;
            var token = authorization?.Parameter;
            if (token == null || !string.Equals(authorization!.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)) return null;
            var start = token.IndexOf('.') + 1;
            var end = start > 0 ? token.IndexOf('.', start) : -1;
            if (end < 0) return null; // not a JWT: no tenant to read
            var claims = (ClaimsHash(token, start, end), end - start);
            if (!TenantByClaims.TryGetValue(claims, out var tenant))
            {
                tenant = JwtClaims.TryParse(token)?.TenantId?.ToLowerInvariant() ?? string.Empty;
                if (TenantByClaims.Count >= RememberedTokens) TenantByClaims.Clear();
                TenantByClaims[claims] = tenant;
            }
            return tenant.Length == 0 ? null : tenant;
        }

        /// <summary>FNV-1a (64 bits) of token[start..end): two claims parts that differ get the same hash once in 2^64.</summary>
        private static ulong ClaimsHash(string token, int start, int end)
        {
            var hash = 14695981039346656037UL;
            for (var i = start; i < end; i++) hash = (hash ^ token[i]) * 1099511628211UL;
            return hash;
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
