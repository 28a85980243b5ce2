using System;
using System.Threading;

namespace ALOps.S2S.Core.Logging
{
    /// <summary>
    /// The log of the operation running on the current async flow. A connection outlives the cmdlet that made it,
    /// so HTTP tracing and MSAL logging look the sink up here instead of holding one.
    /// </summary>
    public static class S2SLogScope
    {
        private static readonly AsyncLocal<IS2SLog?> CurrentLog = new AsyncLocal<IS2SLog?>();

        public static IS2SLog Current => CurrentLog.Value ?? NullLog.Instance;

        public static IDisposable Begin(IS2SLog log)
        {
            var previous = CurrentLog.Value;
            CurrentLog.Value = log;
            return new Restore(previous);
        }

        private sealed class Restore : IDisposable
        {
            private readonly IS2SLog? _previous;
            public Restore(IS2SLog? previous) => _previous = previous;
            public void Dispose() => CurrentLog.Value = _previous;
        }

        private sealed class NullLog : IS2SLog
        {
            public static readonly NullLog Instance = new NullLog();
            public bool IsVerboseEnabled => false;
            public bool IsDebugEnabled => false;
            public void Verbose(string message) { }
            public void Debug(string message) { }
            public void Warning(string message) { }
            public void Progress(S2SProgress progress) { }
        }
    }
}
