using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>
    /// Finds out whether an app is registered and working in an environment: by calling it as the app (when its
    /// credential is known), and by looking for its application user through the operator's automation API.
    /// </summary>
    public sealed class RegistrationProbe
    {
        private readonly S2SSession _operator;
        private readonly S2SSession? _app;

        public RegistrationProbe(S2SSession operatorSession, S2SSession? appSession)
        {
            _operator = operatorSession;
            _app = appSession;
        }

        /// <summary>A probe after the first one (the person registered the app meanwhile): an ambiguous user still stops before any write.</summary>
        public async Task<RegistrationState> ProbeUnambiguousAsync(EnvironmentTarget target, CancellationToken ct)
        {
            var state = await ProbeAsync(target, ct).ConfigureAwait(false);
            return state.AmbiguousUsers is { } candidates ? throw ApplicationUsers.Ambiguous(target.Environment.Name, target.Description, candidates, target.PageUrl) : state;
        }

        public async Task<RegistrationState> ProbeAsync(EnvironmentTarget target, CancellationToken ct)
        {
            var state = new RegistrationState();
            string? companyId = null;
            if (_app != null)
            {
                try
                {
                    companyId = (await new BcEnvironmentClient(_app, target.TenantId, target.Environment.Name).GetCompaniesAsync(ct).ConfigureAwait(false)).FirstOrDefault()?.Id;
                    state.Registered = true;
                    state.Working = true;
                }
                catch (S2SException e) when (e.ErrorId == S2SErrors.BcUnauthorized)
                {
                    state.Registered = false;
                }
                catch (S2SException e) when (e.ErrorId == S2SErrors.BcForbidden)
                {
                    state.Registered = true;
                }
            }

            try
            {
                var client = new BcEnvironmentClient(_operator, target.TenantId, target.Environment.Name);
                // The app's answer already named a company (the same id in both APIs); ask only when it did not.
                companyId ??= (await client.GetAutomationCompaniesAsync(ct).ConfigureAwait(false)).FirstOrDefault()?.Id;
                if (companyId == null)
                {
                    state.Limitation = $"Environment '{target.Environment.Name}' has no company, so its users cannot be read.";
                    return state;
                }
                state.CompanyId = companyId;
                // The application user is named after the Description entered on page 9860 (user name upper-cased).
                var users = await client.GetUsersWithPermissionSetsAsync(companyId, ct).ConfigureAwait(false)
                    ?? await client.GetUsersAsync(companyId, ct).ConfigureAwait(false);
                var named = ApplicationUsers.Named(users, new[] { target.Description });
                // An admin who typed the app's own name instead of the description asked for: trusted only when the
                // app's own call proved it is registered (a user merely carrying that name could be another app's).
                if (named.Count == 0 && target.AppName != null && state.Working)
                    named = ApplicationUsers.Named(users, new[] { target.AppName, BcNames.DefaultDescription(target.AppName, target.ClientId) });
                if (named.Count > 1)
                {
                    state.AmbiguousUsers = named;
                    return state;
                }
                var user = named.SingleOrDefault();
                if (user != null)
                {
                    state.AppUser = user;
                    state.PermissionSets.AddRange(user.PermissionSets ?? await client.GetUserPermissionSetsAsync(companyId, user.UserSecurityId, ct).ConfigureAwait(false));
                    state.Registered ??= user.IsEnabled;
                    var shown = user.DisplayName ?? user.UserName;
                    if (!string.Equals(shown.Trim(), target.Description, StringComparison.OrdinalIgnoreCase)) state.ShownDescription = shown;
                }
                else
                {
                    if (state.Working)
                        state.Limitation = $"The app's own call to '{target.Environment.Name}' succeeds, so it is registered there, but no application user is named '{target.Description}'" +
                            (target.AppName != null && !string.Equals(target.AppName, target.Description, StringComparison.OrdinalIgnoreCase) ? $" or '{target.AppName}'" : string.Empty) +
                            ": its Description on page 9860 is something else, so its permission sets cannot be checked or assigned. Run again with -Description set to the Description shown on page 9860.";
                    state.Registered ??= false;
                }
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.BcUnauthorized || e.ErrorId == S2SErrors.BcForbidden)
            {
                state.Limitation = $"{_operator.Account} cannot read the users of environment '{target.Environment.Name}' ({e.ServiceErrorCode}), so permission sets cannot be checked or assigned.";
            }
            return state;
        }
    }
}
