using System;
using System.Collections.Generic;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Identity;

namespace ALOps.S2S.Core.Grant
{
    /// <summary>A partner's multitenant app to consent in a customer tenant, with which Business Central permissions.</summary>
    public sealed class CustomerConsentRequest
    {
        public CustomerConsentRequest(string tenant, string clientId, IReadOnlyList<string> permissions)
        {
            Tenant = tenant;
            ClientId = clientId;
            Permissions = permissions;
        }

        /// <summary>The customer tenant (GUID or domain).</summary>
        public string Tenant { get; }
        public string ClientId { get; }
        public IReadOnlyList<string> Permissions { get; }
        /// <summary>Where the operator cannot consent: wait for the customer's admin to follow the link, up to <see cref="Timeout"/>.</summary>
        public bool Wait { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(15);
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>The app's own sign-in in the customer tenant, when its credential is known: -Wait checks its token's roles.</summary>
        public SignInRequest? AppSignIn { get; set; }
    }
}
