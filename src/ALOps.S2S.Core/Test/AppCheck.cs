using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Connect;

namespace ALOps.S2S.Core.Test
{
    /// <summary>
    /// What the doctor learned about an app in a tenant before looking at environments: the results of the app's
    /// own checks and, when it signed in, its session and roles. Owns the app's session unless the pipeline shares it.
    /// </summary>
    public sealed class AppCheck : IDisposable
    {
        internal AppCheck(IReadOnlyList<CheckResult> results, S2SSession? session, HashSet<string> roles, IReadOnlyList<BcEnvironment>? environments, string? skipReason, Task<string?>? appName = null)
        {
            AppName = appName ?? Task.FromResult<string?>(null);
            Results = results;
            Session = session;
            Roles = roles;
            Environments = environments;
            SkipReason = skipReason;
        }

        /// <summary>The app's checks in order; one may still be running until <see cref="Completion"/> ends (see S2SDoctor.StartAppCheckAsync).</summary>
        public IReadOnlyList<CheckResult> Results { get; }
        /// <summary>Ends when every result in <see cref="Results"/> is final.</summary>
        internal Task Completion => AppName;
        internal S2SSession? Session { get; }
        internal HashSet<string> Roles { get; }
        /// <summary>The environments the admin center showed, when it was checked (for the links in fixes).</summary>
        internal IReadOnlyList<BcEnvironment>? Environments { get; }
        /// <summary>The app's display name, when the operator could read it: the likeliest Description of its user in each environment.</summary>
        internal Task<string?> AppName { get; }
        /// <summary>Why environment checks are skipped: the app has no token.</summary>
        internal string? SkipReason { get; }

        /// <summary>Set when the app's credential was not given: the checks are made as the operator.</summary>
        internal OperatorView? WithoutCredential { get; set; }

        /// <summary>What the operator-view checks of the environments need: the app's description on page 9860 and the fix for sign-in.</summary>
        internal sealed class OperatorView
        {
            public OperatorView(string description, string fix)
            {
                Description = description;
                Fix = fix;
            }

            public string Description { get; }
            public string Fix { get; }
        }

        /// <summary>The session is a sign-in the pipeline shares (<see cref="DoctorRequest.AppSessions"/>): its holder ends it, not this check.</summary>
        internal bool SessionShared { get; set; }

        public void Dispose()
        {
            if (!SessionShared) Session?.Dispose();
        }
    }
}
