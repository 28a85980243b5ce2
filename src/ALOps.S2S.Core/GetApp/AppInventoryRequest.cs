using System;
using System.Collections.Generic;

namespace ALOps.S2S.Core.GetApp
{
    /// <summary>Which apps of a tenant to read: one by client id, those of a display name, or (neither) every app holding Business Central roles.</summary>
    public sealed class AppInventoryRequest
    {
        public string? ClientId { get; set; }
        public string? DisplayName { get; set; }
        /// <summary>Environments in which to read the app's registration and permission sets.</summary>
        public IReadOnlyList<string> Environments { get; set; } = Array.Empty<string>();
        public bool AllEnvironments { get; set; }
    }
}
