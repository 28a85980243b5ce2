using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>Finds an app registration by its application (client) id; null when the tenant holds none.</summary>
    internal static class ApplicationLookup
    {
        /// <param name="activity">What the caller was doing, for the error when Graph refuses the read (e.g. "read the application").</param>
        public static async Task<Application?> FindAsync(GraphServiceClient graph, string appId, string[] select, string activity, CancellationToken ct)
        {
            try
            {
                return await graph.ApplicationsWithAppId(appId).GetAsync(rc => rc.QueryParameters.Select = select, ct).ConfigureAwait(false);
            }
            catch (ODataError error) when (GraphErrors.IsNotFound(error))
            {
                return null;
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, activity, appId);
            }
        }
    }
}
