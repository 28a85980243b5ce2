using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Diagnostics;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.Test
{
    /// <summary>
    /// EXTEN. MGT. - ADMIN is what installing and uninstalling extensions needs; listing them needs only D365 AUTOMATION
    /// (both grant Read on "Published Application"), so a successful list proves nothing. The proof is the app user's
    /// own permission sets (userPermissions). The user is found by name; without a name (or when none matches) every
    /// application user is looked at: all holding the set passes, none holding it fails, a mix cannot tell.
    /// </summary>
    internal static class ExtensionManagementCheck
    {
        private const string ExtensionManagementAdmin = "EXTEN. MGT. - ADMIN";

        public static async Task RunAsync(CheckResult r, BcEnvironmentClient client, string companyId, IReadOnlyList<BcUser> users, int extensionCount,
            IReadOnlyList<string> descriptions, string environment, string page, CancellationToken ct)
        {
            var named = ApplicationUsers.Named(users, descriptions);
            if (named.Count > 1)
            {
                r.Status = CheckStatus.Warn;
                r.Cause = $"Cannot tell which user is the app: {ApplicationUsers.Describe(named)} all carry its name, so EXTEN. MGT. - ADMIN was not verified.";
                r.Fix = $"Give the app's row on page 9860 ({page}) a Description no other user has.";
                return;
            }
            var candidates = named.Count == 1 ? named : ApplicationUsers.NotPeople(users);
            if (candidates.Count == 0)
            {
                r.Status = CheckStatus.Warn;
                r.Cause = "No application user is visible in the environment, so EXTEN. MGT. - ADMIN was not verified.";
                return;
            }
            var holding = new List<BcUser>();
            var lacking = new List<BcUser>();
            try
            {
                foreach (var user in candidates)
                {
                    var sets = user.PermissionSets ?? await client.GetUserPermissionSetsAsync(companyId, user.UserSecurityId, ct).ConfigureAwait(false);
                    (sets.Any(s => string.Equals(s, ExtensionManagementAdmin, StringComparison.OrdinalIgnoreCase) || string.Equals(s, "SUPER", StringComparison.OrdinalIgnoreCase)) ? holding : lacking).Add(user);
                }
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.BcForbidden || e.ErrorId == S2SErrors.BcUnauthorized)
            {
                r.Status = CheckStatus.Warn;
                r.Cause = $"The app may not read its own permission sets ({e.ServiceErrorCode}), so EXTEN. MGT. - ADMIN was not verified.";
                return;
            }
            var who = named.Count == 1 ? $"The app's user '{named[0].UserName}'" : candidates.Count == 1 ? $"The only application user, '{candidates[0].UserName}'," : $"Every application user ({candidates.Count})";
            if (lacking.Count == 0)
            {
                r.Cause = $"{who} holds EXTEN. MGT. - ADMIN; {extensionCount} extension(s) visible.";
                return;
            }
            if (holding.Count == 0)
            {
                S2SDoctor.Explain(r, SymptomCatalogue.ExtensionManagementMissing(environment, page));
                r.Cause += $" {(named.Count == 1 || candidates.Count == 1 ? who.TrimEnd(',') : $"None of the application users ({ApplicationUsers.Describe(candidates)})")} holds it.";
                return;
            }
            r.Status = CheckStatus.Warn;
            r.Cause = $"Cannot tell which application user is this app: {string.Join(", ", holding.Select(u => u.UserName))} hold(s) EXTEN. MGT. - ADMIN, {string.Join(", ", lacking.Select(u => u.UserName))} do(es) not.";
            r.Fix = "Run Test-ALOpsS2S while connected (Connect-ALOpsS2S) as someone who can read the app in Microsoft Entra, so its name tells its user apart.";
        }
    }
}
