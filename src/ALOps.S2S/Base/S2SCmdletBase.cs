using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Logging;
using ALOps.S2S.Core.Setup;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// Runs engine work off the pipeline thread under a token that Ctrl+C cancels, while writing the engine's
    /// verbose, debug, warning and progress messages on the pipeline thread; maps engine errors to ErrorRecords.
    /// </summary>
    public abstract class S2SCmdletBase : PSCmdlet
    {
        private static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(50);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private const int ProgressActivityId = 0x5325;


        protected override void StopProcessing() => _stop.Cancel();

        protected override void EndProcessing() => _stop.Dispose();

        protected bool ParameterSpecified(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        /// <summary>
        /// Asks ShouldProcess (on the pipeline thread) before each change the engine makes during <see cref="Run{T}"/>.
        /// </summary>
        protected IChangeGate Gate => new QueuedChangeGate(this);

        private BlockingCollection<Action<S2SCmdletBase>>? _queue;

        /// <summary>Runs <paramref name="work"/> and pumps its messages until it ends; rethrows its failure.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            using var queue = new BlockingCollection<Action<S2SCmdletBase>>();
            _queue = queue;
            Task<T> task;
            using (S2SLogScope.Begin(new QueuedLog(queue)))
            {
                task = Task.Run(() => work(_stop.Token));
            }

            try
            {
                while (!task.IsCompleted)
                {
                    if (queue.TryTake(out var write, PumpInterval)) write(this);
                }
                queue.CompleteAdding();
                while (queue.TryTake(out var rest)) rest(this);
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch
            {
                // A prompt answered with "suspend"/"stop", or a failing write: let the engine's work end too.
                _stop.Cancel();
                throw;
            }
            finally
            {
                _queue = null;
            }
        }

        internal void Enqueue(Action<S2SCmdletBase> action)
        {
            var queue = _queue ?? throw new InvalidOperationException("Engine work can only ask the pipeline thread while it runs.");
            queue.Add(action);
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
        protected void ThrowTerminating(Exception error, string fallbackErrorId, object? target)
        {
            switch (error)
            {
                case PipelineStoppedException _:
                    throw error;
                case S2SException s2s:
                    ThrowTerminating(s2s);
                    return;
                default:
                    var wrapped = new ALOpsS2SException(Redactor.Redact(error.Message), fallbackErrorId, null, null);
                    ThrowTerminatingError(new ErrorRecord(wrapped, fallbackErrorId, ErrorCategory.NotSpecified, target));
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
