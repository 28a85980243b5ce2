using System;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Register;

namespace ALOps.S2S.Core.Unregister
{
    /// <summary>What the rows of one Unregister-ALOpsBcClient run share: one read of each tenant, one admin center removal per app and tenant.</summary>
    public sealed class UnregistrationRun : IDisposable
    {
        internal RegistrationRun Reads { get; } = new RegistrationRun();
        internal AsyncMemo<string, AdminCenterRemoval> Removals { get; } = new AsyncMemo<string, AdminCenterRemoval>(StringComparer.OrdinalIgnoreCase);

        public void Dispose() => Reads.Dispose();
    }

    /// <summary>The app's admin center authorization after the removal, the change made (reported by the first row only), and the person's step when the admin center refused.</summary>
    internal sealed class AdminCenterRemoval
    {
        private string? _change;

        public AdminCenterRemoval(bool? authorized, string? change, string? actionRequired)
        {
            Authorized = authorized;
            _change = change;
            ActionRequired = actionRequired;
        }

        public bool? Authorized { get; }
        public string? ActionRequired { get; }

        public string? TakeChange() => System.Threading.Interlocked.Exchange(ref _change, null);
    }
}
