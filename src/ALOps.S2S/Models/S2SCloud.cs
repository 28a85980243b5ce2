using System;
using ALOps.S2S.Core.Clouds;

namespace ALOps.S2S.Models
{
    /// <summary>
    /// The -Cloud parameter: a known cloud name (<c>AzureCloud</c>), or a custom cloud given as a hashtable
    /// <c>@{ AuthorityHost = 'https://...'; GraphEndpoint = 'https://...'; BusinessCentralEndpoint = 'https://...' }</c>.
    /// </summary>
    public sealed class S2SCloud
    {
        public S2SCloud() { }

        public S2SCloud(string name)
        {
            if (!string.Equals(name, "AzureCloud", StringComparison.OrdinalIgnoreCase) && !string.Equals(name, "Public", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"Unknown cloud '{name}'. Known clouds: AzureCloud. For any other cloud give @{{ AuthorityHost = ...; GraphEndpoint = ...; BusinessCentralEndpoint = ... }}.");
            Name = "AzureCloud";
        }

        public string? Name { get; set; }
        public string? AuthorityHost { get; set; }
        public string? GraphEndpoint { get; set; }
        public string? BusinessCentralEndpoint { get; set; }

        internal CloudEndpoints ToEndpoints()
            => AuthorityHost == null && GraphEndpoint == null && BusinessCentralEndpoint == null
                ? CloudEndpoints.Public
                : CloudEndpoints.Custom(AuthorityHost, GraphEndpoint, BusinessCentralEndpoint, Name ?? "Custom");

        public override string ToString() => Name ?? AuthorityHost ?? "AzureCloud";
    }
}
