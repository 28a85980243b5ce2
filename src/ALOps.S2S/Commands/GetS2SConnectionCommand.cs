using System.Management.Automation;
using ALOps.S2S.Connections;
using ALOps.S2S.Models;

namespace ALOps.S2S.Commands
{
    /// <summary>Get-ALOpsS2SConnection: who is signed in, to which tenant and cloud, how, and until when (never a token).</summary>
    [Cmdlet(VerbsCommon.Get, "ALOpsS2SConnection")]
    [OutputType(typeof(S2SConnection))]
    public sealed class GetS2SConnectionCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var current = ConnectionStore.Current;
            if (current != null) WriteObject(current);
        }
    }
}
