using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Diagnostics;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.Test
{
    /// <summary>
    /// Business Central answers every refusal of a token with the same 401 Authentication_InvalidCredentials. It is
    /// read only after the token is understood: its audience, then the other API its roles allow (accepted there:
    /// registered and enabled), then, through the operator, the state of the app's user (Disabled: registered but
    /// disabled; no such user: not registered). Without such evidence the cause names both possibilities.
    /// </summary>
    internal static class UnauthorizedDiagnosis
    {
        public static async Task ExplainAsync(CheckResult r, S2SException evidence, RejectedCall call, CancellationToken ct)
        {
            var clientId = call.App.ClientId ?? string.Empty;
            var audience = (await call.App.GetTokenAsync(CloudEndpoints.BusinessCentralResource, ct).ConfigureAwait(false)).Claims?.Audience;
            if (audience != null && !IsBusinessCentralAudience(audience))
            {
                S2SDoctor.Explain(r, SymptomCatalogue.AppNotRegisteredInEnvironment(call.Environment, clientId, call.Page), evidence);
                r.Cause = $"Environment '{call.Environment}' rejects the app's token, whose audience is '{audience}', not Business Central ({CloudEndpoints.BusinessCentralResource}).";
                r.Fix = "Check the cloud (-Cloud) the app signs in to; the token must be issued for Business Central.";
                return;
            }

            var standard = call.Api == S2SDoctor.StandardApiName;
            var otherRole = standard ? S2SDoctor.AutomationPermission : S2SDoctor.ApiPermission;
            if (call.Roles.Contains(otherRole) && await AcceptedOnOtherApiAsync(call.Client, standard, ct).ConfigureAwait(false))
            {
                S2SDoctor.Explain(r, SymptomCatalogue.AppRejectedOnOneApi(call.Environment, call.Api, standard ? S2SDoctor.AutomationApiName : S2SDoctor.StandardApiName, standard ? S2SDoctor.ApiPermission : S2SDoctor.AutomationPermission, clientId), evidence);
                return;
            }

            var (user, known) = await FindAppUserAsync(call, ct).ConfigureAwait(false);
            if (user != null && !user.IsEnabled)
                S2SDoctor.Explain(r, SymptomCatalogue.AppDisabledInEnvironment(call.Environment, user.UserName, call.Page), evidence);
            else if (user == null && known != null)
            {
                S2SDoctor.Explain(r, SymptomCatalogue.AppNotRegisteredNamed(call.Environment, call.Descriptions[0], clientId, call.Page), evidence);
                r.Cause += " " + known;
            }
            else
            {
                S2SDoctor.Explain(r, SymptomCatalogue.AppNotRegisteredInEnvironment(call.Environment, clientId, call.Page), evidence);
                if (user != null) r.Cause += $" Its application user '{user.UserName}' is Enabled, so the registration row itself (client id) may differ.";
                else if (known == null) r.Cause += " (Which of the two could not be read: connect an operator who can read the environment's users to tell.)";
            }
        }

        private static bool IsBusinessCentralAudience(string audience)
            => string.Equals(audience.TrimEnd('/'), CloudEndpoints.BusinessCentralResource, StringComparison.OrdinalIgnoreCase)
               || string.Equals(audience, CloudEndpoints.BusinessCentralAppId, StringComparison.OrdinalIgnoreCase);

        /// <summary>Whether the environment lets the app in on the other API (a 403 there still means it was let in).</summary>
        private static async Task<bool> AcceptedOnOtherApiAsync(BcEnvironmentClient client, bool standardRejected, CancellationToken ct)
        {
            try
            {
                if (standardRejected) await client.GetAutomationCompaniesAsync(ct).ConfigureAwait(false);
                else await client.GetCompaniesAsync(ct).ConfigureAwait(false);
                return true;
            }
            catch (S2SException e) when (e.ErrorId == S2SErrors.BcForbidden)
            {
                return true;
            }
            catch (S2SException)
            {
                return false;
            }
        }

        /// <summary>
        /// The app's user as the operator sees it: the user (when exactly one carries the app's name), or null with what
        /// is known ("no application user named …") when the users could be read and none matches; (null, null) when
        /// nothing can be said (no operator, no name, unreadable users, or several candidates).
        /// </summary>
        private static async Task<(BcUser? User, string? NoneNamed)> FindAppUserAsync(RejectedCall call, CancellationToken ct)
        {
            var op = call.Request.Operator;
            if (op == null || call.Descriptions.Count == 0) return (null, null);
            try
            {
                var client = new BcEnvironmentClient(op, op.TenantId, call.Environment);
                var companyId = (await client.GetAutomationCompaniesAsync(ct).ConfigureAwait(false)).FirstOrDefault()?.Id;
                if (companyId == null) return (null, null);
                var named = ApplicationUsers.Named(await client.GetUsersAsync(companyId, ct).ConfigureAwait(false), call.Descriptions);
                if (named.Count == 1) return (named[0], null);
                return named.Count == 0
                    ? (null, $"{op.Account} sees no application user named {string.Join(" or ", call.Descriptions.Select(d => "'" + d + "'"))}.")
                    : (null, null);
            }
            catch (S2SException e)
            {
                S2SLogScope.Current.Verbose($"{op.Account} cannot read the users of '{call.Environment}' ({e.ErrorId}); the 401 is explained without them.");
                return (null, null);
            }
        }
    }
}
