using System.Threading;
using System.Threading.Tasks;

namespace ALOps.S2S.Core.Kernel
{
    /// <summary>
    /// A read started ahead of the point that needs it, so that independent calls run at the same time. Its error
    /// surfaces where its result is awaited; when an earlier error ends the work first, the read's failure is observed
    /// here instead of going unobserved.
    /// </summary>
    internal static class ReadAhead
    {
        public static Task<T> Start<T>(Task<T> read)
        {
            read.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return read;
        }
    }
}
