using System;
using System.Management.Automation;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// A cmdlet that takes rows (tenant, environment, app) from the pipeline and works on them as the operator at the
    /// same time, up to -ThrottleLimit (the lifecycle cmdlets; S2SBatchCmdletBase adds the app's own credential).
    /// </summary>
    public abstract class S2SRowsCmdletBase : S2SConnectedCmdletBase
    {
        /// <summary>How many rows run at the same time (spread fairly over the tenants).</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = BatchRows.DefaultThrottleLimit;

        /// <summary>The tenant of the row (GUID or domain): the operator acts there. Default: the connection's tenant.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tenant")]
        public string? TenantId { get; set; }

        /// <summary>
        /// A row's failure. A command given its parameters directly has one row and ends on it, as before batches
        /// existed; rows from the pipeline fail one by one with an error naming the row, so the other rows still get
        /// done (-ErrorAction Stop ends them all).
        /// </summary>
        protected void FailRow(Exception error, S2SErrorId fallbackErrorId, object? target, string row)
        {
            if (!MyInvocation.ExpectingInput) ThrowTerminating(error, fallbackErrorId, target);
            WriteError(BatchRows.RowError(error, fallbackErrorId, row));
        }

        /// <summary>How many of several rows are done, written as each row's outcome is (one row shows no bar).</summary>
        protected void WriteRowProgress(int activityId, string activity, int number, int rows, string row)
        {
            if (rows < 2) return;
            WriteProgress(new ProgressRecord(activityId, activity, $"{number} of {rows} row(s) done; {row}")
            {
                PercentComplete = number * 100 / rows,
                RecordType = number == rows ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            });
        }
    }
}
