using System.Management.Automation;
using ALOps.S2S.Connections;

namespace ALOps.S2S.Commands
{
    /// <summary>Disconnect-ALOpsS2S: forgets the operator sign-in of this runspace and its cached tokens.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "ALOpsS2S")]
    [OutputType(typeof(void))]
    public sealed class DisconnectS2SCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var current = ConnectionStore.Current;
            if (current == null)
            {
                WriteVerbose("Not connected; nothing to disconnect.");
                return;
            }
            ConnectionStore.Current = null;
            current.Session.Dispose();
            WriteVerbose($"Disconnected {current.Account} from tenant {current.TenantId}.");
        }
    }
}
