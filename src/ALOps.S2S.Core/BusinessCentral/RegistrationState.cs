using System.Collections.Generic;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>What is known about the app in one environment.</summary>
    public sealed class RegistrationState
    {
        /// <summary>True/false when known; null when neither the app nor the operator could tell.</summary>
        public bool? Registered { get; set; }
        /// <summary>The app itself called the environment successfully.</summary>
        public bool Working { get; set; }
        public BcUser? AppUser { get; set; }
        public string? CompanyId { get; set; }
        public List<string> PermissionSets { get; } = new List<string>();
        /// <summary>More than one user may be the app's (by name): nothing may be written for it.</summary>
        public IReadOnlyList<BcUser>? AmbiguousUsers { get; set; }
        /// <summary>The description BC shows for the app when it differs from the one asked for (the app's own call proved the registration).</summary>
        public string? ShownDescription { get; set; }
        /// <summary>Why the state could not be fully read (e.g. the operator cannot use the automation API).</summary>
        public string? Limitation { get; set; }
    }
}
