using System.Collections.Generic;
using System.Linq;
using ALOps.S2S.Core.Tokens;

namespace ALOps.S2S.Core.Grant
{
    /// <summary>The Entra directory roles (template ids, as in the token's <c>wids</c> claim) that the setup needs.</summary>
    public static class DirectoryRoles
    {
        public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
        public const string PrivilegedRoleAdministrator = "e8611ab8-c189-46e8-94e1-60213ab1f814";
        public const string CloudApplicationAdministrator = "158c047a-c907-4556-b7ef-446551a6b5f7";
        public const string ApplicationAdministrator = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";

        /// <summary>Roles that can grant admin consent for application permissions on APIs other than Microsoft Graph.</summary>
        public static readonly IReadOnlyDictionary<string, string> ConsentGranters = new Dictionary<string, string>
        {
            [GlobalAdministrator] = "Global Administrator",
            [PrivilegedRoleAdministrator] = "Privileged Role Administrator",
            [CloudApplicationAdministrator] = "Cloud Application Administrator",
            [ApplicationAdministrator] = "Application Administrator",
        };

        public static string ConsentGranterNames => string.Join(", ", ConsentGranters.Values);

        /// <summary>
        /// False only when the token says for sure that the user holds none of the roles: a token without
        /// <c>wids</c> (or an app token) is left for the service to decide.
        /// </summary>
        public static bool MayGrantConsent(JwtClaims? claims)
            => claims == null || claims.IsAppOnly || !claims.Has("wids")
               || claims.DirectoryRoleIds.Any(ConsentGranters.ContainsKey);
    }
}
