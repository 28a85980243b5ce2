namespace ALOps.S2S.Core.Kernel
{
    /// <summary>
    /// One change an ensure step would make, described before it is made: <see cref="Target"/> and <see cref="Action"/>
    /// are what the change gate is asked (the cmdlets pass them to ShouldProcess, so -WhatIf prints exactly this plan),
    /// and <see cref="Action"/> is what the result's Changes (or SkippedChanges) lists once the step ran.
    /// </summary>
    public sealed class PlannedChange
    {
        /// <param name="target">What is changed: a tenant ("tenant {id}"), a client id, an environment.</param>
        /// <param name="action">What is done to it, as a sentence a person can approve ("Create the service principal …").</param>
        public PlannedChange(string target, string action)
        {
            Target = target;
            Action = action;
        }

        public string Target { get; }
        public string Action { get; }

        public override string ToString() => Action;
    }
}
