using System;
using System.Collections.Generic;

namespace ALOps.S2S.Core.GetApp
{
    /// <summary>The apps authorized in a tenant's Business Central admin center, or why they could not be read.</summary>
    internal sealed class AdminCenterView
    {
        private readonly HashSet<string>? _authorized;

        public AdminCenterView(IEnumerable<string>? authorized, string? note)
        {
            _authorized = authorized == null ? null : new HashSet<string>(authorized, StringComparer.OrdinalIgnoreCase);
            Note = note;
        }

        public string? Note { get; }

        public bool? IsAuthorized(string clientId) => _authorized?.Contains(clientId);
    }
}
