using System;
using System.Collections;

namespace ALOps.S2S.Core.Clouds
{
    /// <summary>Reads a custom cloud from ALOPS_S2S_* environment variables, as Azure SDKs read AZURE_AUTHORITY_HOST.</summary>
    public static class CloudResolver
    {
        public const string AuthorityHostVariable = "ALOPS_S2S_AUTHORITY_HOST";
        public const string GraphEndpointVariable = "ALOPS_S2S_GRAPH_ENDPOINT";
        public const string BusinessCentralEndpointVariable = "ALOPS_S2S_BC_ENDPOINT";

        public static CloudEndpoints FromEnvironment(IDictionary environment)
        {
            string? Read(string name)
            {
                var value = environment[name] as string;
                return string.IsNullOrWhiteSpace(value) ? null : value;
            }

            var authority = Read(AuthorityHostVariable);
            var graph = Read(GraphEndpointVariable);
            var bc = Read(BusinessCentralEndpointVariable);
            if (authority == null && graph == null && bc == null) return CloudEndpoints.Public;
            return CloudEndpoints.Custom(authority, graph, bc, CustomFromVariablesName);
        }

        /// <summary>The name of a cloud given by the ALOPS_S2S_* variables: not "Environment", which reads like a Business Central environment.</summary>
        public const string CustomFromVariablesName = "Custom (ALOPS_S2S_* variables)";

        public static CloudEndpoints FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariables());
    }
}
