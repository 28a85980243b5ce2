using System;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Identity;

namespace ALOps.S2S.Core.Register
{
    /// <summary>What Register-ALOpsBcClient asks for.</summary>
    public sealed class BcClientRegistrationRequest
    {
        public string ClientId { get; set; } = string.Empty;
        public string[] Environments { get; set; } = Array.Empty<string>();
        public bool AllEnvironments { get; set; }
        public string[] PermissionSets { get; set; } = BcNames.DefaultPermissionSets;
        /// <summary>The app's description on page 9860; null: the app's display name (cut to 50 characters).</summary>
        public string? Description { get; set; }
        /// <summary>How the app itself signs in, when its credential is at hand (to prove it can call each environment).</summary>
        public SignInRequest? AppSignIn { get; set; }
        public bool RecentlyCreated { get; set; }
        /// <summary>
        /// The app's credential was added moments ago (New-ALOpsS2SApp -NewSecret on an existing app): its sign-in waits
        /// out Entra replication of the credential. Unlike <see cref="RecentlyCreated"/>, nothing else is assumed to replicate.
        /// </summary>
        public bool CredentialJustAdded { get; set; }
        /// <summary>The app's service principal id when the caller knows it (piped): the app is known to exist.</summary>
        public string? ServicePrincipalId { get; set; }
        public bool Wait { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(15);
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The shortest poll interval used, whatever is asked: a person's step takes seconds at best.</summary>
        public static readonly TimeSpan MinimumPollInterval = TimeSpan.FromSeconds(1);

        /// <summary>The poll interval in effect: <see cref="PollInterval"/>, at least <see cref="MinimumPollInterval"/>.</summary>
        public TimeSpan EffectivePollInterval => PollInterval < MinimumPollInterval ? MinimumPollInterval : PollInterval;
    }
}
