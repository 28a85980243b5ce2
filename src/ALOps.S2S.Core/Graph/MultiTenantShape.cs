using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Graph.Models;
using ALOps.S2S.Core.Clouds;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>
    /// What a partner's multitenant app needs so that consent in any customer tenant asks for exactly the Business
    /// Central permissions: signInAudience AzureADMultipleOrgs, those permissions in requiredResourceAccess, and a web
    /// redirect URI the admin-consent page may send the customer's admin back to.
    /// </summary>
    internal static class MultiTenantShape
    {
        public const string Audience = "AzureADMultipleOrgs";

        /// <summary>Business Central's documented OAuth landing page: where the admin-consent page returns to.</summary>
        public const string ConsentLandingPage = "https://businesscentral.dynamics.com/OAuthLanding.htm";

        /// <summary>What of the shape <paramref name="app"/> lacks, as words for ShouldProcess; empty when it has it all.</summary>
        public static List<string> Missing(Application app, IReadOnlyList<AppRole> roles)
        {
            var missing = new List<string>();
            if (!string.Equals(app.SignInAudience, Audience, StringComparison.OrdinalIgnoreCase)) missing.Add($"sign-in audience {Audience} (now {app.SignInAudience ?? "unknown"})");
            if (!HasRedirect(app)) missing.Add("web redirect URI " + ConsentLandingPage);
            var absent = MissingRoles(app, roles);
            if (absent.Count > 0) missing.Add("required Business Central permissions " + string.Join(", ", absent.Select(r => r.Value)));
            return missing;
        }

        /// <summary>The PATCH body that adds what is missing, keeping every other redirect URI and resource.</summary>
        public static Application Patch(Application app, IReadOnlyList<AppRole> roles)
        {
            var patch = new Application();
            if (!string.Equals(app.SignInAudience, Audience, StringComparison.OrdinalIgnoreCase)) patch.SignInAudience = Audience;
            if (!HasRedirect(app))
                patch.Web = new WebApplication
                {
                    HomePageUrl = app.Web?.HomePageUrl,
                    LogoutUrl = app.Web?.LogoutUrl,
                    ImplicitGrantSettings = app.Web?.ImplicitGrantSettings,
                    RedirectUris = (app.Web?.RedirectUris ?? new List<string>()).Concat(new[] { ConsentLandingPage }).ToList(),
                };
            var absent = MissingRoles(app, roles);
            if (absent.Count > 0) patch.RequiredResourceAccess = WithRoles(app.RequiredResourceAccess, absent);
            return patch;
        }

        /// <summary>A new app with the whole shape.</summary>
        public static Application New(string displayName, IReadOnlyList<AppRole> roles) => new Application
        {
            DisplayName = displayName,
            SignInAudience = Audience,
            Web = new WebApplication { RedirectUris = new List<string> { ConsentLandingPage } },
            RequiredResourceAccess = WithRoles(null, roles),
        };

        private static bool HasRedirect(Application app)
            => (app.Web?.RedirectUris ?? new List<string>()).Any(u => string.Equals(u, ConsentLandingPage, StringComparison.OrdinalIgnoreCase));

        private static List<AppRole> MissingRoles(Application app, IReadOnlyList<AppRole> roles)
        {
            var entry = (app.RequiredResourceAccess ?? new List<RequiredResourceAccess>())
                .FirstOrDefault(r => string.Equals(r.ResourceAppId, CloudEndpoints.BusinessCentralAppId, StringComparison.OrdinalIgnoreCase));
            var present = new HashSet<Guid>((entry?.ResourceAccess ?? new List<ResourceAccess>()).Where(a => a.Type == "Role" && a.Id != null).Select(a => a.Id!.Value));
            return roles.Where(r => !present.Contains(r.Id!.Value)).ToList();
        }

        private static List<RequiredResourceAccess> WithRoles(List<RequiredResourceAccess>? existing, IReadOnlyList<AppRole> roles)
        {
            var all = (existing ?? new List<RequiredResourceAccess>())
                .Select(r => new RequiredResourceAccess { ResourceAppId = r.ResourceAppId, ResourceAccess = (r.ResourceAccess ?? new List<ResourceAccess>()).Select(a => new ResourceAccess { Id = a.Id, Type = a.Type }).ToList() })
                .ToList();
            var bc = all.FirstOrDefault(r => string.Equals(r.ResourceAppId, CloudEndpoints.BusinessCentralAppId, StringComparison.OrdinalIgnoreCase));
            if (bc == null) all.Add(bc = new RequiredResourceAccess { ResourceAppId = CloudEndpoints.BusinessCentralAppId, ResourceAccess = new List<ResourceAccess>() });
            bc.ResourceAccess!.AddRange(roles.Select(r => new ResourceAccess { Id = r.Id, Type = "Role" }));
            return all;
        }
    }
}
