using System.Collections.Generic;
using ALOps.S2S.Core.Graph;

namespace ALOps.S2S.Core.Grant
{
    /// <summary>Which Business Central application permissions to give which app.</summary>
    public sealed class PermissionGrantRequest
    {
        public static readonly IReadOnlyList<string> DefaultPermissions = new[] { "API.ReadWrite.All", "Automation.ReadWrite.All" };

        public PermissionGrantRequest(string clientId, IReadOnlyList<string> permissions)
        {
            ClientId = clientId;
            Permissions = permissions;
        }

        public string ClientId { get; }
        public IReadOnlyList<string> Permissions { get; }
        /// <summary>
        /// The app was created moments ago (piped from New-ALOpsS2SApp): wait for Entra replication when it is not
        /// visible yet, instead of failing at once as for a mistyped client id.
        /// </summary>
        public bool RecentlyCreated { get; set; }
        /// <summary>The app's service principal object id when the caller knows it (from the write that created it).</summary>
        public string? ServicePrincipalId { get; set; }
        /// <summary>The app as the previous step of the same pipeline (New-ALOpsS2SApp) read or created it, moments ago: used instead of reading it again.</summary>
        public ApplicationSnapshot? KnownApplication { get; set; }
    }
}
