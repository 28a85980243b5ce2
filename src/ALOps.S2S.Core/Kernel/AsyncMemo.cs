using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace ALOps.S2S.Core.Kernel
{
    /// <summary>
    /// Runs an asynchronous lookup once per key, however many rows ask for it at the same time, and keeps its
    /// result for the rest of the run. A lookup that fails or is cancelled is forgotten, so the next row asks again.
    /// </summary>
    public sealed class AsyncMemo<TKey, TValue>
    {
        private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _entries;

        public AsyncMemo(IEqualityComparer<TKey>? comparer = null)
            => _entries = new ConcurrentDictionary<TKey, Lazy<Task<TValue>>>(comparer ?? EqualityComparer<TKey>.Default);

        public async Task<TValue> GetAsync(TKey key, Func<TKey, Task<TValue>> lookup)
        {
            var entry = _entries.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => lookup(k)));
            try
            {
                return await entry.Value.ConfigureAwait(false);
            }
            catch
            {
                ((ICollection<KeyValuePair<TKey, Lazy<Task<TValue>>>>)_entries).Remove(new KeyValuePair<TKey, Lazy<Task<TValue>>>(key, entry));
                throw;
            }
        }

        /// <summary>The values looked up successfully so far (e.g. to dispose them at the end of the run).</summary>
        public IEnumerable<TValue> Completed
        {
            get
            {
                foreach (var entry in _entries.Values)
                    if (entry.IsValueCreated && entry.Value.Status == TaskStatus.RanToCompletion) yield return entry.Value.Result;
            }
        }
    }
}
