using System.Collections.Concurrent;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Tests.Core.Emulated
{
    /// <summary>Keeps every line the engine logs, to assert on what a user would see with -Verbose/-Debug.</summary>
    public sealed class CollectingLog : IS2SLog
    {
        public ConcurrentQueue<string> Lines { get; } = new ConcurrentQueue<string>();
        public ConcurrentQueue<S2SProgress> ProgressUpdates { get; } = new ConcurrentQueue<S2SProgress>();
        public string All => string.Join("\n", Lines);

        public bool IsVerboseEnabled => true;
        public bool IsDebugEnabled => true;

        public void Verbose(string message) => Lines.Enqueue("VERBOSE " + message);
        public void Debug(string message) => Lines.Enqueue("DEBUG " + message);
        public void Warning(string message) => Lines.Enqueue("WARNING " + message);
        public void Progress(S2SProgress progress) => ProgressUpdates.Enqueue(progress);
    }
}
