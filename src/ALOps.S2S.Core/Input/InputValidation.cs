using System;
using System.Text.RegularExpressions;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.Input
{
    /// <summary>Checks user input before anything is sent, so bad input fails fast and changes nothing.</summary>
    public static class InputValidation
    {
        // A DNS name of at least two labels (contoso.onmicrosoft.com, cronus.com): what Entra accepts as a tenant domain.
        private static readonly Regex DomainName = new Regex(
            @"^(?=.{3,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$", RegexOptions.Compiled);

        /// <summary>A tenant GUID or verified domain, normalized (GUID in "D" format, domain lower case).</summary>
        public static string Tenant(string? value, string parameterName = "TenantId")
        {
            var trimmed = (value ?? string.Empty).Trim();
            if (trimmed.Length == 0)
                throw new S2SException(S2SErrors.InvalidTenantId, $"{parameterName} is empty.", value,
                    "Give the tenant id (a GUID) or a verified domain such as contoso.onmicrosoft.com. An empty tenant id silently targets the wrong authority in many tools.");
            if (Guid.TryParse(trimmed, out var id))
            {
                if (id == Guid.Empty)
                    throw new S2SException(S2SErrors.InvalidTenantId, $"{parameterName} '{trimmed}' is the empty GUID.", trimmed,
                        "Give the tenant id shown in the Entra admin center (Overview, Tenant ID) or a verified domain.");
                return id.ToString("D");
            }
            if (LooksLikeBrokenGuid(trimmed) || !DomainName.IsMatch(trimmed))
                throw new S2SException(S2SErrors.InvalidTenantId, $"{parameterName} '{trimmed}' is neither a GUID nor a domain name.", trimmed,
                    "Give the tenant id (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47) or a verified domain such as contoso.onmicrosoft.com.");
            return trimmed.ToLowerInvariant();
        }

        /// <summary>A client (application) id: a non-empty GUID.</summary>
        public static string ClientId(string? value, string parameterName = "ClientId")
        {
            var trimmed = (value ?? string.Empty).Trim();
            if (!Guid.TryParse(trimmed, out var id) || id == Guid.Empty)
                throw new S2SException(S2SErrors.InvalidClientId, $"{parameterName} '{trimmed}' is not an application (client) id.", trimmed,
                    "Give the Application (client) ID GUID from the app registration's Overview page, not its object id or display name.");
            return id.ToString("D");
        }

        private static bool LooksLikeBrokenGuid(string value)
            => Regex.IsMatch(value, @"^[0-9a-fA-F\-{}]{20,}$");
    }
}
