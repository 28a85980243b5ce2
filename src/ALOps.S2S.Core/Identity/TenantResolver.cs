using System;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Clouds;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>
    /// Turns a tenant domain into its GUID through the authority's OpenID metadata (no sign-in needed), and tells
    /// a tenant that does not exist from one that does.
    /// </summary>
    public static class TenantResolver
    {
        private static readonly Regex TenantInIssuer = new Regex(@"/(?<tid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/", RegexOptions.Compiled);

        public static async Task<string> ResolveAsync(CloudEndpoints cloud, string tenant, HttpClient http, CancellationToken cancellationToken)
        {
            if (Guid.TryParse(tenant, out var id)) return id.ToString("D");
            var url = new Uri(cloud.AuthorityFor(tenant), "v2.0/.well-known/openid-configuration");
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw EntraErrors.FromMetadata(cloud, tenant, (int)response.StatusCode, body);
            using var document = JsonDocument.Parse(body);
            var issuer = document.RootElement.TryGetProperty("issuer", out var value) ? value.GetString() : null;
            var match = issuer == null ? Match.Empty : TenantInIssuer.Match(issuer + "/");
            if (!match.Success) throw EntraErrors.MetadataWithoutTenant(tenant, issuer);
            return match.Groups["tid"].Value.ToLowerInvariant();
        }
    }
}
