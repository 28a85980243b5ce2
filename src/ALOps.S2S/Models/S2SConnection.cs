using System;
using ALOps.S2S.Completers;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;

namespace ALOps.S2S.Models
{
    /// <summary>
    /// The operator's sign-in, as Connect-ALOpsS2S returns it and every cmdlet's -Connection takes it.
    /// Shows who, where and until when; never a token.
    /// </summary>
    public sealed class S2SConnection
    {
        internal S2SConnection(S2SSession session) => Session = session;

        internal S2SSession Session { get; }

        /// <summary>Environment names seen through this connection, for tab completion.</summary>
        internal EnvironmentNameCache KnownEnvironments { get; } = new EnvironmentNameCache();

        public string TenantId => Session.TenantId;
        /// <summary>The domain given to Connect; else, for a person, the domain of the account's user principal name.</summary>
        public string? TenantDomain
            => Session.RequestedTenant != null && !Guid.TryParse(Session.RequestedTenant, out _) ? Session.RequestedTenant
               : !Session.IsAppOnly && Session.Account.LastIndexOf('@') is var at && at > 0 && at < Session.Account.Length - 1 ? Session.Account.Substring(at + 1)
               : null;
        public string Account => Session.Account;
        public string AccountType => Session.AccountType;
        public string Mode => Session.Mode.ToString();
        /// <summary>
        /// The client id the operator signed in with (for a person, the public client). Not named ClientId, so that
        /// piping the connection into New-ALOpsS2SApp or Grant-ALOpsS2SPermission never binds it as the app's.
        /// </summary>
        public string? OperatorClientId => Session.ClientId;
        public string Cloud => Session.Cloud.Name;
        public string AuthorityHost => Session.Cloud.AuthorityHost.ToString();
        public DateTimeOffset ConnectedOn => Session.ConnectedOn;
        public DateTimeOffset? GraphTokenExpiresOn => Expiry(CloudEndpoints.GraphResource);
        public DateTimeOffset? BusinessCentralTokenExpiresOn => Expiry(CloudEndpoints.BusinessCentralResource);

        private DateTimeOffset? Expiry(string resource)
            => Session.TokenExpiries.TryGetValue(resource, out var expiry) ? expiry : (DateTimeOffset?)null;

        public override string ToString() => $"{Account} in {TenantId} ({Mode})";
    }
}
