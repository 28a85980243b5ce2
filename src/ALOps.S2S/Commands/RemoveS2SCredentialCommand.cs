using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ALOps.S2S.Base;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.RemoveCredential;
using ALOps.S2S.Models;
using ALOps.S2S.Output;

namespace ALOps.S2S.Commands
{
    /// <summary>
    /// Remove-ALOpsS2SCredential: removes an app's secrets, certificates or federated credentials by key id, the
    /// expired ones, or all but the newest N, in the tenant that holds the app. Refuses to take the last valid
    /// credential without -Force; a credential already gone is success.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ALOpsS2SCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = KeyIdSet)]
    [OutputType(typeof(S2SCredentialRemoval))]
    public sealed class RemoveS2SCredentialCommand : S2SRowsCmdletBase
    {
        private const string KeyIdSet = "KeyId";
        private const string ExpiredSet = "Expired";
        private const string KeepLatestSet = "KeepLatest";

        /// <summary>Rows of one app (client ids are unique across tenants) are removed together, so their checks see each other.</summary>
        private readonly List<AppRows> _apps = new List<AppRows>();

        private sealed class AppRows
        {
            public int Number;
            public string? Tenant;
            public string ClientId = string.Empty;
            public HashSet<string> KeyIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            public string Describe() => BatchRows.Describe(Number, Tenant, ClientId, string.Empty);
        }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("AppId", "ApplicationId")]
        public string? ClientId { get; set; }

        /// <summary>Key ids of secrets or certificates, or ids of federated credentials (Get-ALOpsS2SApp lists them).</summary>
        [Parameter(ParameterSetName = KeyIdSet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public string[]? KeyId { get; set; }

        /// <summary>Remove every secret and certificate whose end has passed.</summary>
        [Parameter(ParameterSetName = ExpiredSet, Mandatory = true)]
        public SwitchParameter Expired { get; set; }

        /// <summary>Keep the newest N secrets and the newest N certificates (by start date); remove the older ones.</summary>
        [Parameter(ParameterSetName = KeepLatestSet, Mandatory = true)]
        public int? KeepLatest { get; set; }

        /// <summary>A tenant where the app is registered or consented (GUID or domain); the credentials are removed in the app's home tenant. Default: the connection's tenant.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tenant")]
        public string? TenantId { get; set; }

        /// <summary>Also remove the app's last valid credential (the app can no longer sign in). Confirmation is still asked (-Confirm:$false skips it).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                if (KeepLatest is int keep && (keep < 0 || keep > 100))
                    throw new S2SException(S2SErrors.InvalidKeepLatest, $"-KeepLatest {keep} is outside 0 to 100.", keep.ToString(), "Give how many of the newest secrets and certificates to keep, e.g. 1.");
                _ = Session; // not connected: fail before any row is taken
                var clientId = InputValidation.ClientId(ClientId);
                var tenant = string.IsNullOrWhiteSpace(TenantId) ? null : InputValidation.Tenant(TenantId);
                var keyIds = (KeyId ?? Array.Empty<string>()).Select(ValidKeyId).ToList();
                var app = _apps.FirstOrDefault(a => a.ClientId == clientId);
                if (app == null)
                {
                    app = new AppRows { Number = _apps.Count + 1, Tenant = tenant, ClientId = clientId };
                    _apps.Add(app);
                }
                app.KeyIds.UnionWith(keyIds);
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.RemoveCredentialFailed, ClientId);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_apps.Count == 0) return;
                var session = Session;
                RunRows(_apps, ThrottleLimit, a => a.Tenant ?? session.TenantId, a => a.Describe(), async (app, ct) =>
                {
                    var operatorInTenant = await session.ForTenantAsync(app.Tenant, ct).ConfigureAwait(false);
                    var request = new CredentialRemovalRequest(app.ClientId)
                    {
                        KeyIds = app.KeyIds,
                        Expired = Expired,
                        KeepLatest = KeepLatest,
                        Force = Force,
                    };
                    return await new CredentialRemovalService(operatorInTenant, Gate).RemoveAsync(request, ct).ConfigureAwait(false);
                }, (app, result, error) =>
                {
                    if (error != null)
                    {
                        FailRow(error, S2SErrors.RemoveCredentialFailed, app.ClientId, app.Describe());
                        return;
                    }
                    var now = DateTimeOffset.UtcNow;
                    WriteObject(new S2SCredentialRemoval
                    {
                        TenantId = result.TenantId,
                        DisplayName = result.DisplayName,
                        ClientId = result.ClientId,
                        Removed = AppCredentialOutput.From(result.Removed, result.TenantId, result.ClientId, now),
                        AlreadyGone = result.AlreadyGone.ToArray(),
                        Remaining = AppCredentialOutput.From(result.Remaining, result.TenantId, result.ClientId, now),
                    });
                });
            }
            catch (Exception error) when (!(error is PipelineStoppedException))
            {
                ThrowTerminating(error, S2SErrors.RemoveCredentialFailed, ClientId);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private static string ValidKeyId(string? value)
        {
            var trimmed = (value ?? string.Empty).Trim();
            if (!Guid.TryParse(trimmed, out var id) || id == Guid.Empty)
                throw new S2SException(S2SErrors.InvalidKeyId, $"KeyId '{trimmed}' is not a credential key id.", trimmed,
                    "Give the keyId GUID of a secret or certificate, or the id of a federated credential, as Get-ALOpsS2SApp lists them under Credentials.");
            return id.ToString("D");
        }
    }
}
