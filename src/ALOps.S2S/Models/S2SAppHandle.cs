using System;
using ALOps.S2S.Core.Graph;

namespace ALOps.S2S.Models
{
    /// <summary>
    /// The app as one command of New-ALOpsS2SApp | Grant-ALOpsS2SPermission | Register-ALOpsBcClient | Test-ALOpsS2S
    /// hands it to the next: what that command needs beyond the visible properties (ClientId, TenantId, ClientSecret,
    /// ...) that bind by name. Each output carries it in a hidden AppHandle property, which binds to the next command's
    /// hidden -AppHandle; objects from elsewhere (Import-Csv, Select-Object) carry none and bind by their properties.
    /// </summary>
    public sealed class S2SAppHandle
    {
        private ApplicationSnapshot? _current;

        internal S2SAppHandle(string clientId, string displayName)
        {
            ClientId = clientId;
            DisplayName = displayName;
        }

        /// <summary>Empty while the app is only planned.</summary>
        internal string ClientId { get; }
        internal string DisplayName { get; }
        /// <summary>The app's service principal in the tenant the command acted in: used as is, not read back (Entra lags).</summary>
        internal string? ServicePrincipalId { get; set; }
        /// <summary>The app was created moments ago: the next command waits out Entra replication instead of failing.</summary>
        internal bool JustCreated { get; set; }
        /// <summary>A credential was added to the (existing) app moments ago: the next command's sign-in with it waits out its replication.</summary>
        internal bool CredentialJustAdded { get; set; }
        /// <summary>New-ALOpsS2SApp -WhatIf planned the app and did not create it: the next commands only show their plan.</summary>
        internal bool Planned { get; set; }

        /// <summary>
        /// The app as New-ALOpsS2SApp read or created it, while it hands the app to the next command of the same
        /// pipeline (see <see cref="HandOver"/>); null otherwise: an object kept in a variable and piped later is not
        /// current, others may have changed the app since.
        /// </summary>
        internal ApplicationSnapshot? CurrentApplication => _current;

        /// <summary>Runs <paramref name="write"/> (the WriteObject that runs the next command) with the app as just read.</summary>
        internal void HandOver(ApplicationSnapshot? application, Action write)
        {
            _current = application;
            try
            {
                write();
            }
            finally
            {
                _current = null;
            }
        }

        /// <summary>Whether this handle is of the app a command's row names (a -ClientId given by hand may name another).</summary>
        internal bool IsFor(string clientId) => string.Equals(ClientId, clientId, StringComparison.OrdinalIgnoreCase);

        /// <summary>The same app after a command that waited out its replication: the next command treats it as any app.</summary>
        internal S2SAppHandle Settled() => new S2SAppHandle(ClientId, DisplayName) { ServicePrincipalId = ServicePrincipalId, Planned = Planned };

        public override string ToString() => Planned ? $"{DisplayName} (planned)" : ClientId;
    }
}
