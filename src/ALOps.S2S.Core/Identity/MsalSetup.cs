using Microsoft.Identity.Client;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Http;

namespace ALOps.S2S.Core.Identity
{
    /// <summary>What every MSAL application of a connection shares: the HTTP chain, the authority and redacted logging.</summary>
    internal static class MsalSetup
    {
        public static T Configure<T>(T builder, S2SHttpClientFactory http) where T : BaseAbstractApplicationBuilder<T>
            => builder
                .WithHttpClientFactory(http)
                .WithLogging(MsalDebugLog.Instance, enablePiiLogging: false);

        /// <summary>The tenant's authority; with a custom cloud MSAL must not ask the public cloud for instance metadata.</summary>
        public static T WithTenantAuthority<T>(T builder, CloudEndpoints cloud, string tenant) where T : AbstractApplicationBuilder<T>
        {
            var authority = cloud.AuthorityFor(tenant).ToString();
            return cloud.IsCustom
                ? builder.WithAuthority(authority, validateAuthority: false).WithInstanceDiscovery(false)
                : builder.WithAuthority(authority);
        }
    }
}
