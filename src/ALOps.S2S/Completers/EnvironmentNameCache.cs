using System;
using System.Collections.Generic;
using System.Linq;

namespace ALOps.S2S.Completers
{
    /// <summary>
    /// Business Central environment names this connection has seen (filled by Register-ALOpsBcClient), so that
    /// completion offers them without a network call.
    /// </summary>
    internal sealed class EnvironmentNameCache
    {
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly object _lock = new object();

        public void Add(string? name)
        {
            if (string.IsNullOrWhiteSpace(name)) return;
            lock (_lock) _names.Add(name!.Trim());
        }

        public IReadOnlyList<string> Names
        {
            get { lock (_lock) return _names.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList(); }
        }
    }
}
