using System;
using System.Collections.Generic;
using System.Linq;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>
    /// Finds an app's user among an environment's users. Page 9860 creates it from the Description
    /// (CreateApplicationRegistration(Description, Client Id), BCApps table 9012 "AAD Application"); the users API
    /// (page 30004) shows no client id, only userName (a Code field: upper case) and displayName. So the match is by
    /// name, more than one candidate is ambiguous, and people are left out.
    /// </summary>
    public static class ApplicationUsers
    {
        /// <summary>
        /// A person, not an app: BC fills Contact Email for users synchronised from Entra (an app's user has none;
        /// UNCONFIRMED beyond page 30004 exposing the field), and a person's user name may be an e-mail address.
        /// </summary>
        public static bool IsPlainlyPerson(BcUser user)
            => !string.IsNullOrWhiteSpace(user.ContactEmail) || user.UserName.IndexOf('@') >= 0;

        /// <summary>The users that are not plainly people and whose user name or display name is one of <paramref name="descriptions"/>, compared upper-cased.</summary>
        public static IReadOnlyList<BcUser> Named(IEnumerable<BcUser> users, IEnumerable<string?> descriptions)
        {
            var names = new HashSet<string>(descriptions.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => Upper(d!)), StringComparer.Ordinal);
            return users.Where(u => !IsPlainlyPerson(u) && (names.Contains(Upper(u.UserName)) || (u.DisplayName != null && names.Contains(Upper(u.DisplayName))))).ToList();
        }

        /// <summary>The users that may be an app's user (not plainly people).</summary>
        public static IReadOnlyList<BcUser> NotPeople(IEnumerable<BcUser> users) => users.Where(u => !IsPlainlyPerson(u)).ToList();

        public static string Describe(IEnumerable<BcUser> users)
            => string.Join("; ", users.Select(u => $"'{u.UserName}' (display name '{u.DisplayName}', state {u.State ?? "unknown"}, user security id {u.UserSecurityId})"));

        /// <summary>More than one user may be the app: never guess (a permission set given to the wrong user is a security hole).</summary>
        public static S2SException Ambiguous(string environment, string description, IReadOnlyList<BcUser> candidates, string pageUrl)
            => new S2SException(S2SErrors.AppUserAmbiguous, $"Environment '{environment}' has {candidates.Count} users that may be the app described '{description}': {Describe(candidates)}. Nothing was changed.",
                environment,
                $"Open page 9860 ({pageUrl}), find the app's row by its client id, and give its Description a name no other user has; or rename or remove the other user. Then run the command again.");

        private static string Upper(string text) => text.Trim().ToUpperInvariant();
    }
}
