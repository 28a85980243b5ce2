using System;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Kernel;

namespace ALOps.S2S.Core.Connect
{
    /// <summary>
    /// Signs an S2S app in with its own credential, for Business Central. For an app created moments ago, the
    /// failures Entra replication explains (unknown client, secret or key not yet valid) are polled out first.
    /// </summary>
    public static class AppSignIn
    {
        public static Task<S2SSession> ConnectAsync(SignInRequest request, bool recentlyCreated, ReplicationWait replication, CancellationToken ct)
        {
            Func<CancellationToken, Task<S2SSession>> signIn = c => IdentitySignIn.ConnectAsync(request, c, firstResource: CloudEndpoints.BusinessCentralResource);
            return recentlyCreated ? replication.UntilAsync("Signing in as the new app", signIn, ct, retryWhile: IsReplicationSymptom) : signIn(ct);
        }

        private static bool IsReplicationSymptom(Exception error)
            => error is S2SException s && (s.ErrorId == S2SErrors.ClientNotFound || s.ErrorId == S2SErrors.InvalidClientSecret || s.ErrorId == S2SErrors.InvalidClientAssertion);
    }
}
