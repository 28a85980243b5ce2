using System;
using System.Collections.Concurrent;
using ALOps.S2S.Core.Connect;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>
    /// The environment clients of one run: one per identity, tenant and environment, made on first use and shared by
    /// every row and step of the run that calls that environment as that identity.
    /// </summary>
    public sealed class BcEnvironmentClients
    {
        // By identity (the session object: the operator in a tenant, or the app), then by tenant and environment.
        private readonly ConcurrentDictionary<S2SSession, ConcurrentDictionary<string, BcEnvironmentClient>> _clients =
            new ConcurrentDictionary<S2SSession, ConcurrentDictionary<string, BcEnvironmentClient>>();

        public BcEnvironmentClient For(S2SSession identity, string tenantId, string environment)
            => _clients.GetOrAdd(identity, _ => new ConcurrentDictionary<string, BcEnvironmentClient>(StringComparer.OrdinalIgnoreCase))
                .GetOrAdd(tenantId + "/" + environment, _ => new BcEnvironmentClient(identity, tenantId, environment));

        public BcEnvironmentClient For(S2SSession identity, EnvironmentTarget target) => For(identity, target.TenantId, target.Environment.Name);
    }
}
