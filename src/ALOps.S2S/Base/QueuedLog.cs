using System;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// Collects what the engine reports from any thread; <see cref="S2SCmdletBase"/> writes it to PowerShell
    /// streams on the pipeline thread, the only thread allowed to.
    /// </summary>
    internal sealed class QueuedLog : IS2SLog
    {
        private readonly Mailbox _mailbox;

        /// <param name="verbose">Whether the command shows or records verbose lines; if not, they are not even queued.</param>
        /// <param name="debug">The same for debug lines.</param>
        public QueuedLog(Mailbox mailbox, bool verbose, bool debug)
        {
            _mailbox = mailbox;
            IsVerboseEnabled = verbose;
            IsDebugEnabled = debug;
        }

        public bool IsVerboseEnabled { get; }
        public bool IsDebugEnabled { get; }

        public void Verbose(string message)
        {
            if (IsVerboseEnabled) Add(c => c.WriteVerbose(Text(message)));
        }

        public void Debug(string message)
        {
            if (IsDebugEnabled) Add(c => c.WriteDebug(Text(message)));
        }

        public void Warning(string message) => Add(c => c.WriteWarning(Text(message)));
        public void Progress(S2SProgress progress) => Add(c => c.WriteEngineProgress(progress));

        private static string Text(string message) => ParameterNames.Spell(Redactor.Redact(message))!;

        // Once the cmdlet has finished, late messages are dropped.
        private void Add(Action<S2SCmdletBase> write) => _mailbox.TryPost(write);
    }
}
