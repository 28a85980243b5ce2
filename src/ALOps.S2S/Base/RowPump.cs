using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// The rows of one command on their way: run by the engine's <see cref="RowRunner"/> off the pipeline thread,
    /// their messages and questions written on the pipeline thread, and each row's outcome handed to the command in
    /// input order as soon as it and every row before it are done (after the messages it wrote). A row's failure is
    /// handed over, not thrown; Ctrl+C or a command that stops the pipeline ends every row.
    /// </summary>
    internal sealed class RowPump<TRow, TResult> : IDisposable
    {
        private readonly S2SCmdletBase _cmdlet;
        private readonly Mailbox _mailbox;
        private readonly CancellationTokenSource _stop;
        private readonly int _throttleLimit;
        private readonly Func<TRow, string> _partition;
        private readonly Func<TRow, IS2SLog> _logFor;
        private readonly Func<TRow, CancellationToken, Task<TResult>> _work;
        private readonly Action<TRow, TResult, Exception?> _complete;
        private readonly List<(TRow Row, Task<TResult> Task)> _rows = new List<(TRow, Task<TResult>)>();
        private Func<TRow, Task<TResult>>? _starter;
        private int _next;

        /// <param name="tagRows">Whether each row's messages name the row (several rows run at once).</param>
        public RowPump(S2SCmdletBase cmdlet, Mailbox mailbox, CancellationTokenSource stop, int throttleLimit, Func<TRow, string> partition,
            Func<TRow, string> describe, bool tagRows, Func<TRow, CancellationToken, Task<TResult>> work, Action<TRow, TResult, Exception?> complete)
        {
            _cmdlet = cmdlet;
            _mailbox = mailbox;
            _stop = stop;
            _throttleLimit = throttleLimit;
            _partition = partition;
            var log = new QueuedLog(mailbox, StreamPreferences.Shows(cmdlet, StreamPreferences.Verbose), StreamPreferences.Shows(cmdlet, StreamPreferences.Debug));
            _logFor = row => tagRows ? new RowLog(log, describe(row)) : (IS2SLog)log;
            _work = work;
            _complete = complete;
        }

        /// <summary>Every row of the command at once, started fairly across partitions.</summary>
        public void StartAll(IReadOnlyList<TRow> rows)
        {
            var tasks = RowRunner.Start(rows, _throttleLimit, _partition, _logFor, _work, _stop.Token);
            for (int i = 0; i < rows.Count; i++) Track(rows[i], tasks[i]);
        }

        /// <summary>One more row, started as it arrives (not with <see cref="StartAll"/>).</summary>
        public void Start(TRow row)
        {
            _starter ??= RowRunner.Open(_throttleLimit, _partition, _logFor, _work, _stop.Token);
            Track(row, _starter(row));
        }

        /// <summary>Writes what is ready (messages, questions, outcomes of the rows done in order) without waiting.</summary>
        public void Drain() => Pump(untilAllDone: false);

        /// <summary>Writes everything as it comes until every row is done.</summary>
        public void Finish() => Pump(untilAllDone: true);

        private void Track(TRow row, Task<TResult> task)
        {
            _rows.Add((row, task));
            task.ContinueWith(_ => _mailbox.Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private void Pump(bool untilAllDone)
        {
            try
            {
                while (true)
                {
                    _mailbox.RunPending(_cmdlet);
                    while (_next < _rows.Count && _rows[_next].Task.IsCompleted)
                    {
                        _mailbox.RunPending(_cmdlet); // the row's last messages before its outcome
                        var (row, task) = _rows[_next];
                        if (task.IsCanceled && _stop.IsCancellationRequested) throw new PipelineStoppedException();
                        var failure = task.IsFaulted ? task.Exception!.InnerException ?? task.Exception : task.IsCanceled ? new OperationCanceledException() : null;
                        if (failure is OperationCanceledException && _stop.IsCancellationRequested) throw new PipelineStoppedException();
                        _next++;
                        _complete(row, failure == null ? task.Result : default!, failure);
                    }
                    if (!untilAllDone || _next == _rows.Count) break;
                    _mailbox.Sleep();
                }
                _mailbox.RunPending(_cmdlet);
            }
            catch
            {
                // Ctrl+C, -ErrorAction Stop on a row's error, a prompt answered "stop", or a later command that stopped
                // the pipeline: the other rows end too.
                _stop.Cancel();
                throw;
            }
        }

        public void Dispose() => _mailbox.Dispose();
    }
}
