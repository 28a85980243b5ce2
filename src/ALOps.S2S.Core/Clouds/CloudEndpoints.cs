using System;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.Clouds
{
    /// <summary>
    /// The hosts of one cloud. Each value replaces only the real host; every path stays as on the real service,
    /// so any stand-in that serves the real paths works. Token scopes always use the real resource ids.
    /// </summary>
    public sealed class CloudEndpoints
    {
        public const string GraphResource = "https://graph.microsoft.com";
        public const string BusinessCentralResource = "https://api.businesscentral.dynamics.com";
        public const string BusinessCentralAppId = "996def3d-b36c-4153-8607-a6fd3c01b89f";
        public const string GraphAppId = "00000003-0000-0000-c000-000000000000";

        public static readonly CloudEndpoints Public = new CloudEndpoints(
            "AzureCloud",
            new Uri("https://login.microsoftonline.com"),
            new Uri("https://graph.microsoft.com"),
            new Uri("https://api.businesscentral.dynamics.com"),
            isCustom: false);

        private CloudEndpoints(string name, Uri authorityHost, Uri graphEndpoint, Uri businessCentralEndpoint, bool isCustom)
        {
            Name = name;
            AuthorityHost = authorityHost;
            GraphEndpoint = graphEndpoint;
            BusinessCentralEndpoint = businessCentralEndpoint;
            IsCustom = isCustom;
        }

        public string Name { get; }
        public Uri AuthorityHost { get; }
        public Uri GraphEndpoint { get; }
        public Uri BusinessCentralEndpoint { get; }
        /// <summary>True when any host differs from the public cloud: MSAL instance discovery is then off.</summary>
        public bool IsCustom { get; }

        public static string ScopeFor(string resource) => resource.TrimEnd('/') + "/.default";

        /// <summary>A custom cloud; a missing value keeps the public cloud's host.</summary>
        public static CloudEndpoints Custom(string? authorityHost, string? graphEndpoint, string? businessCentralEndpoint, string name = "Custom")
        {
            var authority = authorityHost == null ? Public.AuthorityHost : ParseHost(authorityHost, "AuthorityHost");
            var graph = graphEndpoint == null ? Public.GraphEndpoint : ParseHost(graphEndpoint, "GraphEndpoint");
            var bc = businessCentralEndpoint == null ? Public.BusinessCentralEndpoint : ParseHost(businessCentralEndpoint, "BusinessCentralEndpoint");
            bool custom = authority != Public.AuthorityHost || graph != Public.GraphEndpoint || bc != Public.BusinessCentralEndpoint;
            return new CloudEndpoints(custom ? name : Public.Name, authority, graph, bc, custom);
        }

        private static Uri ParseHost(string value, string field)
        {
            const string action = "Give an absolute https URL with only scheme, host and optional port, e.g. https://login.example.com:8443.";
            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri))
                throw new S2SException(S2SErrors.InvalidCloudEndpoint, $"The cloud endpoint {field} '{value}' is not an absolute URL.", value, action);
            if (uri.Scheme != Uri.UriSchemeHttps)
                throw new S2SException(S2SErrors.InvalidCloudEndpoint, $"The cloud endpoint {field} '{value}' must use https; tokens and secrets are never sent over plain http.", value, action);
            if ((uri.AbsolutePath != "/" && uri.AbsolutePath.Length > 0) || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
                throw new S2SException(S2SErrors.InvalidCloudEndpoint, $"The cloud endpoint {field} '{value}' must be a host only (no path, query or credentials): paths are the real services' paths.", value, action);
            return new Uri(uri.GetLeftPart(UriPartial.Authority));
        }

        public Uri AuthorityFor(string tenant) => new Uri(AuthorityHost, Uri.EscapeDataString(tenant) + "/");
    }
}
