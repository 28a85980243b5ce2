using System;
using System.Management.Automation;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// A batch cmdlet whose rows may wait, with -Wait, for a person's step (a customer's consent, a row on page 9860)
    /// to show, up to -Timeout, checking every -PollInterval.
    /// </summary>
    public abstract class S2SWaitingCmdletBase : S2SBatchCmdletBase
    {
        /// <summary>Wait until what a person must do shows, up to -Timeout.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait waits: a number of seconds, a TimeSpan or a string such as '00:15:00'. Default: 15 minutes.</summary>
        [Parameter]
        [Duration]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>How often -Wait checks (seconds or a TimeSpan); never more often than once a second.</summary>
        [Parameter(DontShow = true)]
        [Duration]
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    }
}
