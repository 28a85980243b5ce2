using System;
using System.Collections.Generic;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Identity;

namespace ALOps.S2S.Core.Test
{
    /// <summary>What Test-ALOpsS2S checks: one app (signing in with its own credential) in one tenant and its environments.</summary>
    public sealed class DoctorRequest
    {
        /// <param name="hasAppCredential">False: <paramref name="appSignIn"/> only names the app, tenant and cloud; the checks are made as the operator.</param>
        public DoctorRequest(SignInRequest appSignIn, bool hasAppCredential = true)
        {
            AppSignIn = appSignIn;
            HasAppCredential = hasAppCredential;
        }

        /// <summary>How the app signs in (its own secret, certificate or federated token).</summary>
        public SignInRequest AppSignIn { get; }
        /// <summary>The app's own credential is in <see cref="AppSignIn"/>; without it the doctor checks what the operator can see.</summary>
        public bool HasAppCredential { get; }
        public IReadOnlyList<string> Environments { get; set; } = Array.Empty<string>();
        /// <summary>The permissions the app should hold (API.ReadWrite.All, Automation.ReadWrite.All, AdminCenter.ReadWrite.All).</summary>
        public IReadOnlyList<string> Permissions { get; set; } = new[] { "API.ReadWrite.All", "Automation.ReadWrite.All" };
        public int ExpiryWarningDays { get; set; } = 30;
        /// <summary>The operator, when signed in: lets the doctor read the app's credentials for the expiry check.</summary>
        public S2SSession? Operator { get; set; }
        /// <summary>The operator in its own tenant, when the app is checked in another: where a partner's multi-tenant app is registered.</summary>
        public S2SSession? AppHome { get; set; }
        /// <summary>
        /// The app sign-ins this run holds (with those the previous command of the pipeline made and this run adopted):
        /// the app signs in through them, once per tenant and credential. Null: the doctor signs in on its own.
        /// </summary>
        public AppSessionCache.Lease? AppSessions { get; set; }
        /// <summary>The app was created moments ago: sign-in failures that replication explains are retried first.</summary>
        public bool RecentlyCreated { get; set; }
        /// <summary>
        /// The app's credential was added moments ago (New-ALOpsS2SApp -NewSecret on an existing app): its sign-in waits
        /// out Entra replication of the credential. Unlike <see cref="RecentlyCreated"/>, nothing else is assumed to replicate.
        /// </summary>
        public bool CredentialJustAdded { get; set; }
        /// <summary>The app's Description on page 9860 when it is not the app's name: how its user is found in each environment.</summary>
        public string? Description { get; set; }
        /// <summary>A hint of the secret in use (its first characters), to find its expiry among the app's secrets.</summary>
        public string? SecretHint { get; set; }
    }
}
