using System;
using System.Management.Automation;
using ALOps.S2S.Connections;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Models;

namespace ALOps.S2S.Base
{
    /// <summary>A cmdlet that acts as the operator: -Connection, else the runspace's current connection.</summary>
    public abstract class S2SConnectedCmdletBase : S2SCmdletBase
    {
        /// <summary>The operator sign-in to use (from Connect-ALOpsS2S); default: the current one.</summary>
        [Parameter]
        public S2SConnection? Connection { get; set; }

        protected S2SSession Session
            => (Connection ?? ConnectionStore.Current)?.Session
               ?? throw new S2SException(S2SErrors.NotConnected, "No operator is signed in.", MyInvocation.MyCommand.Name,
                   "Run Connect-ALOpsS2S -TenantId <tenant> first, or pass -Connection.");
    }
}
