using System;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Kernel;

namespace ALOps.S2S.Core.Connect
{
    /// <summary>
    /// One sign-in per app, tenant and credential for a whole run, however many rows use it, so each of the app's
    /// tokens is requested once. Ends the sessions when the run ends.
    /// </summary>
    public sealed class AppSessionCache : IDisposable
    {
        private readonly AsyncMemo<AppSignInKey, S2SSession> _sessions = new AsyncMemo<AppSignInKey, S2SSession>();

        public Task<S2SSession> GetAsync(SignInRequest request, bool recentlyCreated, ReplicationWait replication, CancellationToken ct)
            => _sessions.GetAsync(new AppSignInKey(request), _ => AppSignIn.ConnectAsync(request, recentlyCreated, replication, ct));

        public void Dispose()
        {
            foreach (var session in _sessions.Completed) session.Dispose();
        }
    }
}
