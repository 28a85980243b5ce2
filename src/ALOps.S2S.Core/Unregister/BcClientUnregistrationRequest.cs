using System;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Identity;
using ALOps.S2S.Core.Register;

namespace ALOps.S2S.Core.Unregister
{
    /// <summary>What Unregister-ALOpsBcClient asks for: take an app out of a tenant's Business Central.</summary>
    public sealed class BcClientUnregistrationRequest
    {
        public string ClientId { get; set; } = string.Empty;
        public string[] Environments { get; set; } = Array.Empty<string>();
        public bool AllEnvironments { get; set; }
        /// <summary>The app's Description on page 9860 (its user's name); null: the app's display name, as Register defaults it.</summary>
        public string? Description { get; set; }
        /// <summary>How the app itself signs in, when its credential is at hand: its refused call proves it is gone.</summary>
        public SignInRequest? AppSignIn { get; set; }
        public bool Wait { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(15);
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The poll interval in effect: at least <see cref="BcClientRegistrationRequest.MinimumPollInterval"/>.</summary>
        public TimeSpan EffectivePollInterval => PollInterval < BcClientRegistrationRequest.MinimumPollInterval ? BcClientRegistrationRequest.MinimumPollInterval : PollInterval;
    }
}
