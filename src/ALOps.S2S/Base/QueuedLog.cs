using System;
using System.Collections.Concurrent;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// Collects what the engine reports from any thread; <see cref="S2SCmdletBase"/> writes it to PowerShell
    /// streams on the pipeline thread, the only thread allowed to.
    /// </summary>
    internal sealed class QueuedLog : IS2SLog
    {
        private readonly BlockingCollection<Action<S2SCmdletBase>> _queue;

        public QueuedLog(BlockingCollection<Action<S2SCmdletBase>> queue) => _queue = queue;

        public void Verbose(string message) => Add(c => c.WriteVerbose(Text(message)));
        public void Debug(string message) => Add(c => c.WriteDebug(Text(message)));
        public void Warning(string message) => Add(c => c.WriteWarning(Text(message)));
        public void Progress(S2SProgress progress) => Add(c => c.WriteEngineProgress(progress));

        private static string Text(string message) => ParameterNames.Spell(Redactor.Redact(message))!;

        private void Add(Action<S2SCmdletBase> write)
        {
            try { _queue.TryAdd(write); }
            catch (InvalidOperationException) { /* the cmdlet has finished; late messages are dropped */ }
        }
    }
}
