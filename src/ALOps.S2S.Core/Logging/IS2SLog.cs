namespace ALOps.S2S.Core.Logging
{
    /// <summary>
    /// Where the engine reports what it does. The cmdlet layer queues these and writes them to PowerShell
    /// streams on the pipeline thread; the engine never knows about PowerShell.
    /// </summary>
    public interface IS2SLog
    {
        /// <summary>
        /// Whether a verbose line would be shown or recorded (the command's verbose preference). Callers check it
        /// before building a costly line: with hundreds of calls at once, lines nobody reads cost as much as the calls.
        /// </summary>
        bool IsVerboseEnabled { get; }

        /// <summary>Whether a debug line would be shown or recorded (the command's debug preference).</summary>
        bool IsDebugEnabled { get; }

        void Verbose(string message);
        void Debug(string message);
        void Warning(string message);
        void Progress(S2SProgress progress);
    }

    /// <summary>One progress update; <see cref="PercentComplete"/> is -1 when unknown.</summary>
    public sealed class S2SProgress
    {
        public S2SProgress(string activity, string status, int percentComplete = -1, int secondsRemaining = -1, bool completed = false)
        {
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            SecondsRemaining = secondsRemaining;
            Completed = completed;
        }

        public string Activity { get; }
        public string Status { get; }
        public int PercentComplete { get; }
        public int SecondsRemaining { get; }
        public bool Completed { get; }
    }
}
