using System;
using System.Collections;
using System.Management.Automation;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Models
{
    /// <summary>
    /// The -Cloud parameter: a known cloud name (<c>AzureCloud</c>), or a custom cloud given as a hashtable
    /// <c>@{ AuthorityHost = 'https://...'; GraphEndpoint = 'https://...'; BusinessCentralEndpoint = 'https://...' }</c>.
    /// </summary>
    public static class S2SCloud
    {
        public static readonly string[] KnownNames = { "AzureCloud" };

        internal static CloudEndpoints ToEndpoints(object? value)
        {
            var unwrapped = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (unwrapped)
            {
                case null:
                    return CloudEndpoints.Public;
                case string name when string.Equals(name.Trim(), "AzureCloud", StringComparison.OrdinalIgnoreCase) || string.Equals(name.Trim(), "Public", StringComparison.OrdinalIgnoreCase):
                    return CloudEndpoints.Public;
                case IDictionary custom:
                    return CloudEndpoints.Custom(Read(custom, "AuthorityHost"), Read(custom, "GraphEndpoint"), Read(custom, "BusinessCentralEndpoint"), Read(custom, "Name") ?? "Custom");
                default:
                    throw new S2SException(S2SErrors.UnknownCloud, $"'{unwrapped}' is not a cloud this module knows.", unwrapped.ToString(),
                        "Use -Cloud AzureCloud, or describe the cloud: -Cloud @{ AuthorityHost = 'https://login.example'; GraphEndpoint = 'https://graph.example'; BusinessCentralEndpoint = 'https://bc.example' }.");
            }
        }

        private static string? Read(IDictionary values, string key)
        {
            foreach (DictionaryEntry entry in values)
                if (string.Equals(entry.Key?.ToString(), key, StringComparison.OrdinalIgnoreCase))
                    return entry.Value?.ToString();
            return null;
        }
    }
}
