using System;
using System.Collections.Concurrent;
using System.Threading;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// What engine work asks of the pipeline thread (messages to write, questions to ask), posted from any thread and
    /// run there in order; and the signal that wakes the pipeline thread for them or for a row that is done. Waiting
    /// does not spin: on two cores a spinning pipeline thread takes the time the rows need.
    /// </summary>
    internal sealed class Mailbox : IDisposable
    {
        private static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(1);
        private readonly ConcurrentQueue<Action<S2SCmdletBase>> _pending = new ConcurrentQueue<Action<S2SCmdletBase>>();
        private readonly ManualResetEventSlim _wake = new ManualResetEventSlim(false, spinCount: 0);
        private volatile bool _closed;

        /// <summary>Posts <paramref name="action"/>; false once the command has finished (nothing will run it).</summary>
        public bool TryPost(Action<S2SCmdletBase> action)
        {
            if (_closed) return false;
            _pending.Enqueue(action);
            Wake();
            return true;
        }

        public bool IsClosed => _closed;

        public void Wake()
        {
            try
            {
                if (!_closed) _wake.Set();
            }
            catch (ObjectDisposedException)
            {
                // Closed meanwhile: a row that ended after the command did wakes nobody.
            }
        }

        /// <summary>Sleeps until something is posted or <see cref="Wake"/> is called (at most a second, to look again).</summary>
        public void Sleep()
        {
            _wake.Wait(LongestSleep);
            _wake.Reset();
        }

        /// <summary>Runs what was posted, in order, on the calling (pipeline) thread.</summary>
        public void RunPending(S2SCmdletBase cmdlet)
        {
            while (_pending.TryDequeue(out var action)) action(cmdlet);
        }

        public void Dispose()
        {
            _closed = true;
            _wake.Dispose();
        }
    }
}
