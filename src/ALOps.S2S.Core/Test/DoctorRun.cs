using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Kernel;

namespace ALOps.S2S.Core.Test
{
    /// <summary>
    /// What the rows of one Test-ALOpsS2S run share: the app's own checks (its sign-in, roles and credential expiry)
    /// are made once per app, tenant and credential, however many environment rows follow; the doctor reads a
    /// partner's app registration once. Ends the app checks' sessions when the run ends.
    /// </summary>
    public sealed class DoctorRun : IDisposable
    {
        private readonly S2SDoctor _doctor;
        private readonly AsyncMemo<AppSignInKey, AppCheck> _apps = new AsyncMemo<AppSignInKey, AppCheck>();

        public DoctorRun(S2SDoctor? doctor = null) => _doctor = doctor ?? new S2SDoctor();

        /// <summary>
        /// One row's checks: the app's own (only when <paramref name="reportAppChecks"/>, its first row), then those of
        /// the row's environments.
        /// </summary>
        public async Task<IReadOnlyList<CheckResult>> CheckRowAsync(DoctorRequest request, bool reportAppChecks, IReadOnlyList<string> environments, CancellationToken ct)
        {
            // The environments are checked while the app's credential expiry is still being read.
            var app = await _apps.GetAsync(new AppSignInKey(request.AppSignIn), _ => _doctor.StartAppCheckAsync(request, ct)).ConfigureAwait(false);
            var checkedEnvironments = await _doctor.CheckEnvironmentsAsync(app, request, environments, ct).ConfigureAwait(false);
            await app.Completion.ConfigureAwait(false);
            var results = new List<CheckResult>(reportAppChecks ? app.Results : Array.Empty<CheckResult>());
            results.AddRange(checkedEnvironments);
            return results;
        }

        public void Dispose()
        {
            foreach (var app in _apps.Completed) app.Dispose();
        }
    }
}
