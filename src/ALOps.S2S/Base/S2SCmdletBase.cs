using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// Runs engine work off the pipeline thread under a token that Ctrl+C cancels, while writing the engine's
    /// verbose, debug, warning and progress messages on the pipeline thread; maps engine errors to ErrorRecords.
    /// </summary>
    public abstract class S2SCmdletBase : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private const int ProgressActivityId = 0x5325;


        protected override void BeginProcessing() => DebugSwitch.Apply(this);

        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>
        /// PowerShell disposes the commands of a pipeline when it ends, also when it ends before this command's
        /// EndProcessing (an earlier command failed): rows that started as they arrived end with it.
        /// </summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _stop.Cancel();
            _stop.Dispose();
        }

        private bool _disposed;

        protected bool ParameterSpecified(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        /// <summary>
        /// Shows what would be done for an app that is only planned (New-ALOpsS2SApp -WhatIf): under -WhatIf as
        /// "What if:" lines; otherwise a warning that nothing is done. Never does it: a plan has no app to act on.
        /// </summary>
        protected void ShowPlan(string target, string action)
        {
            if (ShouldProcess(target, action))
                WriteWarning($"Not done: {action}. The app is only planned (New-ALOpsS2SApp ran with -WhatIf); run the chain without -WhatIf to do it.");
        }

        /// <summary>
        /// Asks ShouldProcess (on the pipeline thread) before each change the engine makes during <see cref="Run{T}"/>.
        /// </summary>
        protected IChangeGate Gate => new QueuedChangeGate(this);

        private Mailbox? _mailbox;

        /// <summary>Runs <paramref name="work"/> and pumps its messages until it ends; rethrows its failure.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            T result = default!;
            Exception? failure = null;
            RunRows(new[] { 0 }, 1, _ => string.Empty, _ => string.Empty, (_, ct) => work(ct), (_, value, error) =>
            {
                result = value;
                failure = error;
            });
            if (failure != null) ExceptionDispatchInfo.Capture(failure).Throw();
            return result;
        }

        /// <summary>
        /// Runs <paramref name="work"/> once per row with the engine's <see cref="RowRunner"/> (at most
        /// <paramref name="throttleLimit"/> rows at a time, fairly across <paramref name="partition"/>, a tenant),
        /// pumping the rows' messages meanwhile. Each row's outcome goes to <paramref name="complete"/> on the
        /// pipeline thread in input order, as soon as it and every row before it are done, after the messages it
        /// wrote. A row's failure is handed over, not thrown.
        /// </summary>
        protected void RunRows<TRow, TResult>(IReadOnlyList<TRow> rows, int throttleLimit, Func<TRow, string> partition, Func<TRow, string> describe,
            Func<TRow, CancellationToken, Task<TResult>> work, Action<TRow, TResult, Exception?> complete)
        {
            if (rows.Count == 0) return;
            using var pump = OpenRowPump(throttleLimit, partition, describe, rows.Count > 1, work, complete);
            try
            {
                pump.StartAll(rows);
                pump.Finish();
            }
            finally
            {
                _mailbox = null;
            }
        }

        /// <summary>
        /// The command's rows as <see cref="FlowingRows{TRow,TResult}"/>: rows handed on by an earlier command start as
        /// they arrive (their messages always name the row); rows the user gives run through <see cref="RunRows"/> at
        /// EndProcessing. Either way each row runs <paramref name="work"/> and ends in <paramref name="complete"/>.
        /// </summary>
        private protected FlowingRows<TRow, TResult> FlowRows<TRow, TResult>(int throttleLimit, Func<TRow, string> partition, Func<TRow, string> describe,
            Func<TRow, CancellationToken, Task<TResult>> work, Action<TRow, TResult, Exception?> complete)
            => new FlowingRows<TRow, TResult>(
                () => OpenRowPump(throttleLimit, partition, describe, tagRows: true, work, complete),
                rows => RunRows(rows, throttleLimit, partition, describe, work, complete));

        private RowPump<TRow, TResult> OpenRowPump<TRow, TResult>(int throttleLimit, Func<TRow, string> partition, Func<TRow, string> describe, bool tagRows,
            Func<TRow, CancellationToken, Task<TResult>> work, Action<TRow, TResult, Exception?> complete)
        {
            if (_mailbox != null && !_mailbox.IsClosed) throw new InvalidOperationException("A command runs one set of rows at a time.");
            _mailbox = new Mailbox();
            return new RowPump<TRow, TResult>(this, _mailbox, _stop, throttleLimit, partition, describe, tagRows, work, complete);
        }

        internal void Enqueue(Action<S2SCmdletBase> action)
        {
            if (_mailbox?.TryPost(action) != true) throw new InvalidOperationException("Engine work can only ask the pipeline thread while it runs.");
        }

        private sealed class QueuedChangeGate : IChangeGate
        {
            private readonly S2SCmdletBase _cmdlet;
            public QueuedChangeGate(S2SCmdletBase cmdlet) => _cmdlet = cmdlet;

            public Task<bool> ApproveAsync(string target, string action)
            {
                var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _cmdlet.Enqueue(c =>
                {
                    try { answer.SetResult(c.ShouldProcess(target, action)); }
                    catch (Exception ex) { answer.SetException(ex); throw; }
                });
                return answer.Task;
            }
        }

        /// <summary>Ends the command with an S2S error as a terminating error.</summary>
        protected void ThrowTerminating(S2SException error) => ThrowTerminatingError(ErrorRecords.From(error));

        /// <summary>
        /// Ends the command with whatever went wrong: engine errors keep their id; anything unforeseen gets
        /// <paramref name="fallbackErrorId"/> and a redacted message. Pipeline stops pass through untouched.
        /// </summary>
        protected void ThrowTerminating(Exception error, S2SErrorId fallbackErrorId, object? target)
        {
            switch (error)
            {
                case PipelineStoppedException _:
                    throw error;
                case S2SException s2s:
                    ThrowTerminating(s2s);
                    return;
                default:
                    ThrowTerminating(new S2SException(fallbackErrorId, error.Message, target?.ToString()));
                    return;
            }
        }

        internal void WriteEngineProgress(S2SProgress progress)
        {
            var record = new ProgressRecord(ProgressActivityId, progress.Activity, progress.Status)
            {
                PercentComplete = progress.PercentComplete,
                SecondsRemaining = progress.SecondsRemaining,
                RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            WriteProgress(record);
        }
    }
}
