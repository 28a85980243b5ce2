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
        private readonly ConcurrentDictionary<Key, BcEnvironmentClient> _clients = new ConcurrentDictionary<Key, BcEnvironmentClient>();

        /// <param name="identity">The operator, or the app itself: compared as the same session object, not by account.</param>
        public BcEnvironmentClient For(S2SSession identity, string tenantId, string environment)
            => _clients.GetOrAdd(new Key(identity, tenantId, environment), key => new BcEnvironmentClient(key.Identity, key.TenantId, key.Environment));

        public BcEnvironmentClient For(S2SSession identity, EnvironmentTarget target) => For(identity, target.TenantId, target.Environment.Name);

        private readonly struct Key : IEquatable<Key>
        {
            public Key(S2SSession identity, string tenantId, string environment)
            {
                Identity = identity;
                TenantId = tenantId;
                Environment = environment;
            }

            public S2SSession Identity { get; }
            public string TenantId { get; }
            public string Environment { get; }

            public bool Equals(Key other)
                => ReferenceEquals(Identity, other.Identity)
                   && string.Equals(TenantId, other.TenantId, StringComparison.OrdinalIgnoreCase)
                   && string.Equals(Environment, other.Environment, StringComparison.OrdinalIgnoreCase);

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode()
                => (System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Identity) * 397)
                   ^ StringComparer.OrdinalIgnoreCase.GetHashCode(TenantId) ^ StringComparer.OrdinalIgnoreCase.GetHashCode(Environment);
        }
    }
}
