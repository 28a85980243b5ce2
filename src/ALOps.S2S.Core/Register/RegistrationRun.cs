using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Kernel;

namespace ALOps.S2S.Core.Register
{
    /// <summary>
    /// What the rows of one Register-ALOpsBcClient run share, so that many environments of a tenant cost one read
    /// of its environments, one check that the app exists, one admin center authorization, one app sign-in and one client per identity and environment.
    /// </summary>
    public sealed class RegistrationRun : IDisposable
    {
        internal AsyncMemo<string, IReadOnlyList<BcEnvironment>> Environments { get; } = new AsyncMemo<string, IReadOnlyList<BcEnvironment>>(StringComparer.OrdinalIgnoreCase);
        internal AsyncMemo<string, string?> AppNames { get; } = new AsyncMemo<string, string?>(StringComparer.OrdinalIgnoreCase);
        /// <summary>The admin center's authorized apps per tenant, read once, ahead of the authorization that decides from them.</summary>
        internal AsyncMemo<string, IReadOnlyList<AuthorizedApp>> AuthorizedApps { get; } = new AsyncMemo<string, IReadOnlyList<AuthorizedApp>>(StringComparer.OrdinalIgnoreCase);
        internal AsyncMemo<string, AdminCenterAuthorization> Authorizations { get; } = new AsyncMemo<string, AdminCenterAuthorization>(StringComparer.OrdinalIgnoreCase);
        /// <summary>The app's sign-ins this run holds: one per tenant, shared with the next command of the pipeline when it adopts them.</summary>
        internal AppSessionCache.Lease AppSessions { get; }
        internal BcEnvironmentClients EnvironmentClients { get; } = new BcEnvironmentClients();
        private readonly ConcurrentDictionary<string, bool> _said = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

        /// <param name="connection">The operator whose app sign-ins the pipeline shares; null: this run's own.</param>
        public RegistrationRun(S2SSession? connection = null)
            => AppSessions = (connection?.AppSessions ?? new AppSessionCache()).Open();

        /// <summary>Every environment listed by the tenants this run read (for completion of names later).</summary>
        public IEnumerable<BcEnvironment> EnvironmentsRead => Environments.Completed.SelectMany(list => list);

        /// <summary>True the first time a row asks with <paramref name="key"/>: what is said once per run, not once per row.</summary>
        internal bool FirstTime(string key) => _said.TryAdd(key, true);

        public void Dispose() => AppSessions.Dispose();
    }

    /// <summary>Whether the app is authorized in a tenant's admin center, and the change made for it, reported by the first row only.</summary>
    internal sealed class AdminCenterAuthorization
    {
        private string? _change;

        public AdminCenterAuthorization(bool? authorized, string? change)
        {
            Authorized = authorized;
            _change = change;
        }

        public bool? Authorized { get; }

        public string? TakeChange() => Interlocked.Exchange(ref _change, null);
    }
}
