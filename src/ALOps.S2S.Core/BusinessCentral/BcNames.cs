using System.Linq;
using System.Text.RegularExpressions;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>Business Central's naming rules, checked before any call.</summary>
    public static class BcNames
    {
        public const int MaxDescriptionLength = 50;
        public const int MaxPermissionSetIdLength = 20;
        public static readonly string[] DefaultPermissionSets = { "D365 AUTOMATION", "EXTEN. MGT. - ADMIN" };

        private static readonly Regex EnvironmentName = new Regex(@"^[A-Za-z][A-Za-z0-9_\-]{0,28}$", RegexOptions.Compiled);

        /// <summary>Fewer than 30 characters, starting with a letter, only letters, digits, '_' and '-'.</summary>
        public static string Environment(string? name)
        {
            var trimmed = (name ?? string.Empty).Trim();
            if (!EnvironmentName.IsMatch(trimmed))
                throw new S2SException(S2SErrors.InvalidEnvironmentName,
                    $"'{name}' is not a Business Central environment name: it must start with a letter, have fewer than 30 characters and hold only letters, digits, '_' and '-'.",
                    name ?? string.Empty, "Give the environment's name as the Business Central admin center lists it (e.g. Production, Sandbox), not its display name or URL.");
            return trimmed;
        }

        /// <summary>The description of the app in the environment: required, at most 50 characters (it becomes the app user's name).</summary>
        public static string Description(string? description)
        {
            var trimmed = (description ?? string.Empty).Trim();
            if (trimmed.Length == 0 || trimmed.Length > MaxDescriptionLength)
                throw new S2SException(S2SErrors.InvalidDescription,
                    $"The description must have 1 to {MaxDescriptionLength} characters (it has {trimmed.Length}); Business Central stores it in a Text[50] field.",
                    description ?? string.Empty, $"Give -Description with at most {MaxDescriptionLength} characters.");
            return trimmed;
        }

        /// <summary>The description used when none is given: the app's name cut to fit, else a name from the client id.</summary>
        public static string DefaultDescription(string? appName, string clientId)
        {
            var name = string.IsNullOrWhiteSpace(appName) ? "ALOps S2S " + clientId.Substring(0, 8) : appName!.Trim();
            return name.Length <= MaxDescriptionLength ? name : name.Substring(0, MaxDescriptionLength).TrimEnd();
        }

        /// <summary>Permission set ids (Code[20], upper case).</summary>
        public static string[] PermissionSets(string[]? ids)
        {
            var sets = (ids == null || ids.Length == 0 ? DefaultPermissionSets : ids).Select(s => (s ?? string.Empty).Trim().ToUpperInvariant()).Distinct().ToArray();
            var bad = sets.FirstOrDefault(s => s.Length == 0 || s.Length > MaxPermissionSetIdLength);
            if (bad != null)
                throw new S2SException(S2SErrors.InvalidPermissionSet,
                    $"'{bad}' is not a permission set id: ids have 1 to {MaxPermissionSetIdLength} characters (e.g. D365 AUTOMATION).", bad,
                    "Give permission set ids as Business Central lists them on the Permission Sets page.");
            if (sets.Contains("SUPER"))
                throw new S2SException(S2SErrors.InvalidPermissionSet, "SUPER cannot be assigned to an application in Business Central.", "SUPER",
                    "Use D365 AUTOMATION and EXTEN. MGT. - ADMIN (or narrower sets).");
            return sets;
        }
    }
}
