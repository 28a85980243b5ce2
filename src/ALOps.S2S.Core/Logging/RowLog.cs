namespace ALOps.S2S.Core.Logging
{
    /// <summary>
    /// Tags what one row of a batch reports with that row, so that the messages of rows running at the same
    /// time can be told apart. Progress is left alone: it shows the current state, not a history.
    /// </summary>
    public sealed class RowLog : IS2SLog
    {
        private readonly IS2SLog _inner;
        private readonly string _prefix;

        public RowLog(IS2SLog inner, string row)
        {
            _inner = inner;
            _prefix = "[" + row + "] ";
        }

        public bool IsVerboseEnabled => _inner.IsVerboseEnabled;
        public bool IsDebugEnabled => _inner.IsDebugEnabled;

        public void Verbose(string message)
        {
            if (_inner.IsVerboseEnabled) _inner.Verbose(_prefix + message);
        }

        public void Debug(string message)
        {
            if (_inner.IsDebugEnabled) _inner.Debug(_prefix + message);
        }

        public void Warning(string message) => _inner.Warning(_prefix + message);
        public void Progress(S2SProgress progress) => _inner.Progress(progress);
    }
}
