using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Kernel;

namespace ALOps.S2S.Core.Connect
{
    /// <summary>
    /// One sign-in per app, tenant and credential, shared by the commands that hold it at the same time (the rows of
    /// a run, and the next command of the same pipeline that adopts it), so each of the app's tokens is requested
    /// once. A sign-in ends when its last holder ends: a later command signs in afresh and so proves the credential
    /// as it is then, not as it was.
    /// </summary>
    public sealed class AppSessionCache
    {
        private readonly object _gate = new object();
        private readonly Dictionary<AppSignInKey, Entry> _entries = new Dictionary<AppSignInKey, Entry>();

        /// <summary>A holder for one command's run; disposing it lets go of every sign-in it holds.</summary>
        public Lease Open() => new Lease(this);

        private sealed class Entry
        {
            public Entry(Func<Task<S2SSession>> signIn) => Session = new Lazy<Task<S2SSession>>(signIn);
            public Lazy<Task<S2SSession>> Session { get; }
            /// <summary>Guarded by the cache's lock.</summary>
            public int Holders;
        }

        /// <summary>Holds the key's sign-in for <paramref name="held"/>, starting it with <paramref name="signIn"/> when there is none (without: null).</summary>
        private Entry? Hold(AppSignInKey key, Func<Task<S2SSession>>? signIn, Dictionary<AppSignInKey, Entry> held)
        {
            lock (_gate)
            {
                if (held.TryGetValue(key, out var mine)) return mine;
                if (!_entries.TryGetValue(key, out var entry))
                {
                    if (signIn == null) return null;
                    _entries[key] = entry = new Entry(signIn);
                }
                entry.Holders++;
                held[key] = entry;
                return entry;
            }
        }

        private void Release(AppSignInKey key, Entry entry)
        {
            lock (_gate)
            {
                if (--entry.Holders > 0) return;
                if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry)) _entries.Remove(key);
            }
            if (entry.Session.IsValueCreated)
                entry.Session.Value.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>Forgets a sign-in that failed, so that the next row asks again.</summary>
        private void Forget(AppSignInKey key, Entry entry)
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry)) _entries.Remove(key);
            }
        }

        public sealed class Lease : IDisposable
        {
            private readonly AppSessionCache _cache;
            private readonly Dictionary<AppSignInKey, Entry> _held = new Dictionary<AppSignInKey, Entry>();

            internal Lease(AppSessionCache cache) => _cache = cache;

            /// <summary>The app's sign-in: the one this or another holder made, else a new one.</summary>
            public async Task<S2SSession> GetAsync(SignInRequest request, bool recentlyCreated, ReplicationWait replication, CancellationToken ct)
            {
                var key = new AppSignInKey(request);
                var entry = _cache.Hold(key, () => AppSignIn.ConnectAsync(request, recentlyCreated, replication, ct), _held)!;
                try
                {
                    return await entry.Session.Value.ConfigureAwait(false);
                }
                catch
                {
                    _cache.Forget(key, entry);
                    bool mine;
                    lock (_cache._gate) mine = _held.TryGetValue(key, out var held) && ReferenceEquals(held, entry) && _held.Remove(key);
                    if (mine) _cache.Release(key, entry);
                    throw;
                }
            }

            /// <summary>
            /// Holds the sign-in that another holder (the previous command of the pipeline, still writing its rows)
            /// has made with this very credential; false when there is none.
            /// </summary>
            public bool Adopt(SignInRequest request) => _cache.Hold(new AppSignInKey(request), null, _held) != null;

            public void Dispose()
            {
                List<KeyValuePair<AppSignInKey, Entry>> held;
                lock (_cache._gate)
                {
                    held = new List<KeyValuePair<AppSignInKey, Entry>>(_held);
                    _held.Clear();
                }
                foreach (var pair in held) _cache.Release(pair.Key, pair.Value);
            }
        }
    }
}
