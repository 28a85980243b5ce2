namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>Links into the Business Central web client that a person can open.</summary>
    public static class BcLinks
    {
        /// <summary>The environment's "Microsoft Entra Applications" page (page 9860).</summary>
        public static string EntraApplicationsPage(string tenantId, string environment, string? webClientLoginUrl = null)
        {
            if (string.IsNullOrEmpty(webClientLoginUrl)) return $"https://businesscentral.dynamics.com/{tenantId}/{environment}/?page=9860";
            return webClientLoginUrl + (webClientLoginUrl!.Contains("?") ? "&" : "?") + "page=9860";
        }

        /// <summary>The tenant's Business Central admin center.</summary>
        public static string AdminCenter(string tenantId) => $"https://businesscentral.dynamics.com/{tenantId}/admin";
    }
}
