using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using ALOps.S2S.Core.Connect;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>A Graph SDK client on the session's HTTP chain and cloud (v1.0 on the configured Graph host).</summary>
    internal static class GraphClientFactory
    {
        public static GraphServiceClient Create(S2SSession session)
        {
            var authentication = new BaseBearerTokenAuthenticationProvider(new SessionAccessTokenProvider(session));
            var baseUrl = session.Cloud.GraphEndpoint.ToString().TrimEnd('/') + "/v1.0";
            return new GraphServiceClient(session.Http, authentication, baseUrl);
        }
    }
}
