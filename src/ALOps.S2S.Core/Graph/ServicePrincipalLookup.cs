using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>Finds a service principal by its application (client) id; null when the tenant has none.</summary>
    internal static class ServicePrincipalLookup
    {
        /// <summary>What a lookup reads unless told otherwise.</summary>
        public static readonly string[] Fields = { "id", "appId", "displayName" };

        public static async Task<ServicePrincipal?> FindAsync(GraphServiceClient graph, string appId, CancellationToken ct, params string[] select)
        {
            try
            {
                return await graph.ServicePrincipalsWithAppId(appId)
                    .GetAsync(rc => rc.QueryParameters.Select = select.Length > 0 ? select : Fields, ct)
                    .ConfigureAwait(false);
            }
            catch (ODataError error) when (GraphErrors.IsNotFound(error))
            {
                return null;
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "read the service principal", appId);
            }
        }
    }
}
