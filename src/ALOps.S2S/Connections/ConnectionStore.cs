using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using ALOps.S2S.Models;

namespace ALOps.S2S.Connections
{
    /// <summary>The current connection of each runspace, so parallel runspaces never share a sign-in by accident.</summary>
    internal static class ConnectionStore
    {
        private sealed class Slot { public S2SConnection? Connection; }

        private static readonly ConditionalWeakTable<Runspace, Slot> Slots = new ConditionalWeakTable<Runspace, Slot>();

        public static S2SConnection? Current
        {
            get => Runspace.DefaultRunspace is Runspace runspace && Slots.TryGetValue(runspace, out var slot) ? slot.Connection : null;
            set
            {
                if (Runspace.DefaultRunspace is Runspace runspace) Slots.GetValue(runspace, _ => new Slot()).Connection = value;
            }
        }
    }
}
