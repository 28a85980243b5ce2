using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Graph;

namespace ALOps.S2S.Core.GetApp
{
    /// <summary>Who holds which Business Central application permission in a tenant: the assignments on Business Central's service principal.</summary>
    internal sealed class BusinessCentralGrants
    {
        private readonly Dictionary<string, List<string>> _rolesByPrincipal;

        private BusinessCentralGrants(bool hasBusinessCentral, Dictionary<string, List<string>> rolesByPrincipal)
        {
            HasBusinessCentral = hasBusinessCentral;
            _rolesByPrincipal = rolesByPrincipal;
        }

        public bool HasBusinessCentral { get; }

        /// <summary>Service principals holding at least one Business Central application permission.</summary>
        public IEnumerable<string> Principals => _rolesByPrincipal.Keys;

        public IReadOnlyList<string> RolesOf(string? servicePrincipalId)
            => servicePrincipalId != null && _rolesByPrincipal.TryGetValue(servicePrincipalId, out var roles)
                ? roles.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(r => r, StringComparer.OrdinalIgnoreCase).ToList()
                : (IReadOnlyList<string>)Array.Empty<string>();

        public static async Task<BusinessCentralGrants> ReadAsync(S2SSession session, CancellationToken ct)
        {
            var byPrincipal = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            var bc = await ServicePrincipalLookup.FindAsync(session.Graph, CloudEndpoints.BusinessCentralAppId, ct, "id", "appId", "appRoles").ConfigureAwait(false);
            if (bc?.Id == null) return new BusinessCentralGrants(false, byPrincipal);
            var roleNames = (bc.AppRoles ?? new List<AppRole>()).Where(r => r.Id != null && r.Value != null).ToDictionary(r => r.Id!.Value, r => r.Value!);
            try
            {
                var page = await session.Graph.ServicePrincipals[bc.Id].AppRoleAssignedTo.GetAsync(rc => rc.QueryParameters.Top = 999, ct).ConfigureAwait(false);
                while (page != null)
                {
                    foreach (var assignment in page.Value ?? new List<AppRoleAssignment>())
                    {
                        if (assignment.PrincipalId == null || !string.Equals(assignment.PrincipalType, "ServicePrincipal", StringComparison.OrdinalIgnoreCase)) continue;
                        if (assignment.AppRoleId == null || !roleNames.TryGetValue(assignment.AppRoleId.Value, out var role)) continue;
                        var principal = assignment.PrincipalId.Value.ToString("D");
                        if (!byPrincipal.TryGetValue(principal, out var roles)) byPrincipal[principal] = roles = new List<string>();
                        roles.Add(role);
                    }
                    page = page.OdataNextLink == null ? null
                        : await session.Graph.ServicePrincipals[bc.Id].AppRoleAssignedTo.WithUrl(page.OdataNextLink).GetAsync(cancellationToken: ct).ConfigureAwait(false);
                }
            }
            catch (ODataError error)
            {
                throw GraphErrors.Describe(error, "read who holds Business Central application permissions", session.TenantId);
            }
            return new BusinessCentralGrants(true, byPrincipal);
        }
    }
}
