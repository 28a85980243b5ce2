using System;
using System.Collections.Generic;

namespace ALOps.S2S.Core.RemoveCredential
{
    /// <summary>Which credentials of an app to remove: by key id, the expired ones, or all but the newest N of each kind.</summary>
    public sealed class CredentialRemovalRequest
    {
        public CredentialRemovalRequest(string clientId) => ClientId = clientId;

        public string ClientId { get; }
        /// <summary>Key ids of secrets and certificates, ids of federated credentials.</summary>
        public IReadOnlyCollection<string> KeyIds { get; set; } = Array.Empty<string>();
        public bool Expired { get; set; }
        /// <summary>Keep the newest N secrets and the newest N certificates, remove the older ones; federated credentials are left alone.</summary>
        public int? KeepLatest { get; set; }
        /// <summary>Also remove the app's last valid credential.</summary>
        public bool Force { get; set; }
    }
}
