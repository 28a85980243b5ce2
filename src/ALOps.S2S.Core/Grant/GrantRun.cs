using System;
using System.Linq;
using ALOps.S2S.Core.Kernel;
using Microsoft.Graph.Models;

namespace ALOps.S2S.Core.Grant
{
    /// <summary>
    /// What the rows of one Grant-ALOpsS2SPermission run share: the partner's app is read once however many
    /// customers it is consented in, and rows naming the same customer tenant, app and permissions (one row per
    /// environment) share one consent instead of racing to create the same service principal.
    /// </summary>
    public sealed class GrantRun
    {
        internal AsyncMemo<string, Application?> HomeApps { get; } = new AsyncMemo<string, Application?>(StringComparer.OrdinalIgnoreCase);
        internal AsyncMemo<string, PermissionGrantResult?> Consents { get; } = new AsyncMemo<string, PermissionGrantResult?>(StringComparer.OrdinalIgnoreCase);

        internal static string ConsentKey(CustomerConsentRequest request)
            => request.Tenant + "|" + request.ClientId + "|" + string.Join(",", request.Permissions.Select(p => p.Trim()).OrderBy(p => p, StringComparer.OrdinalIgnoreCase));
    }
}
