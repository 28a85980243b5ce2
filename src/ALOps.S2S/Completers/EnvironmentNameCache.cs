using System;
using System.Collections.Generic;
using System.Linq;

namespace ALOps.S2S.Completers
{
    /// <summary>
    /// Business Central environment names this connection has seen, per tenant (Connect-ALOpsS2S reads the list,
    /// Register-ALOpsBcClient the lists it reads and the environments it names), so that completion offers them
    /// without a network call.
    /// </summary>
    internal sealed class EnvironmentNameCache
    {
        private readonly Dictionary<string, HashSet<string>> _byTenant = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        private readonly object _lock = new object();

        public void Add(string? tenant, string? name)
        {
            if (string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(name)) return;
            lock (_lock)
            {
                if (!_byTenant.TryGetValue(tenant!, out var names))
                {
                    names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    _byTenant[tenant!] = names;
                }
                names.Add(name!.Trim());
            }
        }

        /// <summary>The names seen for <paramref name="tenant"/> (its id or a domain it was named by), sorted.</summary>
        public IReadOnlyList<string> Names(string? tenant)
        {
            lock (_lock)
                return tenant != null && _byTenant.TryGetValue(tenant, out var names)
                    ? names.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList()
                    : (IReadOnlyList<string>)Array.Empty<string>();
        }
    }
}
