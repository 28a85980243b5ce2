using System;
using System.Management.Automation;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// A cmdlet that acts only as the operator on rows (tenant, app) from the pipeline, up to -ThrottleLimit at a
    /// time: the lifecycle cmdlets, which never sign in as the app and so take no app credential.
    /// </summary>
    public abstract class S2SOperatorRowsCmdletBase : S2SConnectedCmdletBase
    {
        /// <summary>How many rows run at the same time (spread fairly over the tenants).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = BatchRows.DefaultThrottleLimit;

        /// <summary>
        /// A row's failure: the command's only row (parameters given directly) ends the command; a piped row writes
        /// an error naming the row and the other rows go on (-ErrorAction Stop ends them all).
        /// </summary>
        protected void FailRow(Exception error, string fallbackErrorId, object? target, string row)
        {
            if (!MyInvocation.ExpectingInput) ThrowTerminating(error, fallbackErrorId, target);
            WriteError(BatchRows.RowError(error, fallbackErrorId, row));
        }
    }
}
