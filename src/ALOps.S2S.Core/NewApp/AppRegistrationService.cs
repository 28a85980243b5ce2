using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Applications;
using Microsoft.Graph.Applications.Item.AddPassword;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using ALOps.S2S.Core.Clouds;
using ALOps.S2S.Core.Connect;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Grant;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Input;
using ALOps.S2S.Core.Kernel;
using ALOps.S2S.Core.Logging;

namespace ALOps.S2S.Core.NewApp
{
    /// <summary>
    /// Finds or creates the app registration and its service principal and adds the requested credential.
    /// Never deletes or recreates; a re-run finds everything in place and writes nothing.
    /// </summary>
    public sealed class AppRegistrationService
    {
        private static readonly string[] AppFields = { "id", "appId", "displayName", "passwordCredentials", "keyCredentials", "requiredResourceAccess", "signInAudience", "web" };

        private readonly S2SSession _session;
        private readonly GraphServiceClient _graph;
        private readonly Ensure _ensure;

        public AppRegistrationService(S2SSession session, IChangeGate gate, ReplicationWait? wait = null)
        {
            _session = session;
            _graph = session.Graph;
            _ensure = new Ensure(gate, wait);
        }

        public async Task<AppRegistrationResult> EnsureAsync(AppRegistrationRequest request, CancellationToken ct)
        {
            AppRegistrationValidation.Validate(request);
            var log = S2SLogScope.Current;
            var result = new AppRegistrationResult { TenantId = _session.TenantId, CredentialType = request.Credential };

            var (found, servicePrincipals) = await FindAsync(request, ct).ConfigureAwait(false);
            var roles = request.MultiTenant ? await BusinessCentralRolesAsync(ct).ConfigureAwait(false) : null;
            var creation = await _ensure.RunAsync(new EnsureStep<Application?, Application?>(
                read: _ => Task.FromResult(found),
                plan: existing => existing != null ? null : new PlannedChange(TenantTarget, $"Create app registration '{request.DisplayName}'" + (roles != null
                    ? $" as a multitenant app ({MultiTenantShape.Audience}) requiring Business Central permissions {string.Join(", ", roles.Select(r => r.Value))}, with redirect URI {MultiTenantShape.ConsentLandingPage}"
                    : string.Empty)),
                apply: (_, c) => Call("create the application", request.DisplayName, () => _graph.Applications.PostAsync(
                    roles != null ? MultiTenantShape.New(request.DisplayName!, roles) : new Application { DisplayName = request.DisplayName, SignInAudience = "AzureADMyOrg" },
                    cancellationToken: c))), ct).ConfigureAwait(false);
            creation.RecordIn(result.Changes, result.SkippedChanges);
            if (creation.Declined)
            {
                result.DisplayName = request.DisplayName!;
                return result;
            }
            Application app;
            if (creation.Changed)
            {
                app = creation.Result!;
                log.Verbose($"Created app registration '{app.DisplayName}' (client id {app.AppId}).");
                result.Created = true;
            }
            else
            {
                app = found!;
                log.Verbose($"Found app registration '{app.DisplayName}' (client id {app.AppId}).");
                if (roles != null) app = await EnsureMultiTenantAsync(app, roles, result, ct).ConfigureAwait(false);
            }

            result.DisplayName = app.DisplayName ?? request.DisplayName ?? string.Empty;
            result.ClientId = app.AppId!;
            result.ObjectId = app.Id!;
            result.SignInAudience = app.SignInAudience;
            result.Snapshot = new ApplicationSnapshot(app);

            // The credential first: writes by the returned object id need no replication, so its replication runs
            // alongside the app's while the service principal waits for the app to become visible.
            switch (request.Credential)
            {
                case CredentialKind.Secret:
                    await EnsureSecretAsync(app, request, result, ct).ConfigureAwait(false);
                    break;
                case CredentialKind.Certificate:
                    await EnsureCertificateAsync(app, request, result, ct).ConfigureAwait(false);
                    break;
                case CredentialKind.Federated:
                    await EnsureFederatedAsync(app, request.Federated!, result, ct).ConfigureAwait(false);
                    break;
            }
            result.ServicePrincipalId = await EnsureServicePrincipalAsync(app, servicePrincipals, result, ct).ConfigureAwait(false);
            return result;
        }

        private string TenantTarget => "tenant " + _session.TenantId;

        /// <summary>The Business Central application permissions a multitenant app requires (the defaults), as this tenant's Business Central lists them.</summary>
        private async Task<List<AppRole>> BusinessCentralRolesAsync(CancellationToken ct)
        {
            var bc = await ServicePrincipalLookup.FindAsync(_graph, CloudEndpoints.BusinessCentralAppId, ct, "id", "appId", "appRoles").ConfigureAwait(false)
                ?? throw new S2SException(S2SErrors.BusinessCentralNotInTenant, $"Tenant {_session.TenantId} has no Dynamics 365 Business Central service principal (app id {CloudEndpoints.BusinessCentralAppId}): the permissions a multitenant app requires cannot be named.",
                    _session.TenantId, "Create the multitenant app in a tenant where Business Central is provisioned (sign in to Business Central once as an admin).");
            return PermissionGrantService.Resolve(bc, PermissionGrantRequest.DefaultPermissions);
        }

        /// <summary>Converges an existing app to the multitenant shape, behind ShouldProcess; answers the app as it now is.</summary>
        private async Task<Application> EnsureMultiTenantAsync(Application app, List<AppRole> roles, AppRegistrationResult result, CancellationToken ct)
        {
            var shape = await _ensure.RunAsync(new EnsureStep<Application, Application>(
                read: _ => Task.FromResult(app),
                plan: current => MultiTenantShape.Missing(current, roles) is { Count: > 0 } missing
                    ? new PlannedChange(current.AppId!, $"Make app '{current.DisplayName}' multitenant: set {string.Join("; ", missing)}")
                    : null,
                apply: async (current, c) =>
                {
                    var patch = MultiTenantShape.Patch(current, roles);
                    await Call("make the application multitenant", current.AppId, () => _graph.Applications[current.Id].PatchAsync(patch, cancellationToken: c)).ConfigureAwait(false);
                    if (patch.SignInAudience != null) current.SignInAudience = patch.SignInAudience;
                    if (patch.Web != null) current.Web = patch.Web;
                    if (patch.RequiredResourceAccess != null) current.RequiredResourceAccess = patch.RequiredResourceAccess;
                    return current;
                }), ct).ConfigureAwait(false);
            shape.RecordIn(result.Changes, result.SkippedChanges);
            if (shape.Changed) S2SLogScope.Current.Verbose(shape.Change!.Action + ".");
            return app;
        }

        /// <summary>
        /// The app, and the service principals that may be its own, read in one request where Graph batches: by
        /// client id both are exact; by name, the service principals of that name (usually the app's, unless renamed).
        /// </summary>
        private async Task<(Application? App, IReadOnlyList<ServicePrincipal>? ServicePrincipals)> FindAsync(AppRegistrationRequest request, CancellationToken ct)
        {
            if (request.ClientId != null)
            {
                var prefetch = await GraphPrefetch.ReadAsync(_graph, new Dictionary<string, RequestInformation>
                {
                    ["app"] = _graph.ApplicationsWithAppId(request.ClientId).ToGetRequestInformation(rc => rc.QueryParameters.Select = AppFields),
                    ["sp"] = _graph.ServicePrincipalsWithAppId(request.ClientId).ToGetRequestInformation(rc => rc.QueryParameters.Select = ServicePrincipalLookup.Fields),
                }, "read the app registration and its service principal", request.ClientId, ct).ConfigureAwait(false);
                var byId = await prefetch.GetAsync<Application>("app").ConfigureAwait(false) ?? await GetByAppIdAsync(request.ClientId, ct).ConfigureAwait(false);
                if (byId == null)
                    throw new S2SException(S2SErrors.AppNotFound, $"No app registration with client id {request.ClientId} exists in tenant {_session.TenantId}.", request.ClientId,
                        $"Check the client id and the tenant you are connected to (Get-ALOpsS2SConnection); to create a new app give {UserInput.DisplayName} instead.");
                var servicePrincipal = await prefetch.GetAsync<ServicePrincipal>("sp").ConfigureAwait(false);
                return (byId, servicePrincipal == null ? null : new[] { servicePrincipal });
            }

            var filter = $"displayName eq '{request.DisplayName!.Replace("'", "''")}'";
            void AppsByName(RequestConfiguration<ApplicationsRequestBuilder.ApplicationsRequestBuilderGetQueryParameters> rc)
            {
                rc.QueryParameters.Filter = filter;
                rc.QueryParameters.Select = AppFields;
            }
            var byName = await GraphPrefetch.ReadAsync(_graph, new Dictionary<string, RequestInformation>
            {
                ["app"] = _graph.Applications.ToGetRequestInformation(AppsByName),
                ["sp"] = _graph.ServicePrincipals.ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.Filter = filter;
                    rc.QueryParameters.Select = ServicePrincipalLookup.Fields;
                }),
            }, "search applications and service principals by display name", request.DisplayName, ct).ConfigureAwait(false);
            var page = await byName.GetAsync<ApplicationCollectionResponse>("app").ConfigureAwait(false)
                ?? await Call("search applications by display name", request.DisplayName, () => _graph.Applications.GetAsync(AppsByName, ct)).ConfigureAwait(false);
            var matches = page?.Value ?? new List<Application>();
            if (matches.Count > 1)
                throw new S2SException(S2SErrors.AmbiguousDisplayName, $"{matches.Count} app registrations are named '{request.DisplayName}': " +
                    string.Join(", ", matches.Select(m => $"client id {m.AppId} (object id {m.Id})")) + ".",
                    request.DisplayName, $"Pick one with {UserInput.ClientId}, or rename the others; ALOps.S2S never guesses which one you meant.");
            return (matches.FirstOrDefault(), (await byName.GetAsync<ServicePrincipalCollectionResponse>("sp").ConfigureAwait(false))?.Value);
        }

        private Task<Application?> GetByAppIdAsync(string appId, CancellationToken ct)
            => ApplicationLookup.FindAsync(_graph, appId, AppFields, "read the application", ct);

        /// <param name="candidates">Service principals already read that may be the app's; it is read by client id when none is.</param>
        private async Task<string?> EnsureServicePrincipalAsync(Application app, IReadOnlyList<ServicePrincipal>? candidates, AppRegistrationResult result, CancellationToken ct)
        {
            var step = await _ensure.RunAsync(new EnsureStep<ServicePrincipal?, ServicePrincipal?>(
                read: async c => result.Created ? null
                    : candidates?.FirstOrDefault(sp => string.Equals(sp.AppId, app.AppId, StringComparison.OrdinalIgnoreCase))
                      ?? await ServicePrincipalLookup.FindAsync(_graph, app.AppId!, c).ConfigureAwait(false),
                plan: existing => existing != null ? null : new PlannedChange(TenantTarget, $"Create the service principal (enterprise application) for client id {app.AppId}"),
                apply: (_, c) => Call("create the service principal", app.AppId,
                    () => _graph.ServicePrincipals.PostAsync(new ServicePrincipal
                    {
                        AppId = app.AppId,
                        Tags = new List<string> { "WindowsAzureActiveDirectoryIntegratedApp" },
                    }, cancellationToken: c), rethrowRaw: true))
            {
                // The app just created may not be visible to the service principal's write yet.
                RetryWhile = e => GraphErrors.Is(e, GraphErrors.NoBackingApplicationObject),
                Activity = "Creating the service principal",
            }, ct).ConfigureAwait(false);
            step.RecordIn(result.Changes, result.SkippedChanges);
            switch (step.Status)
            {
                case StepStatus.InState:
                    S2SLogScope.Current.Verbose($"Found service principal {step.State!.Id} for client id {app.AppId}.");
                    return step.State.Id;
                case StepStatus.Changed:
                    S2SLogScope.Current.Verbose($"Created service principal {step.Result!.Id} for client id {app.AppId}.");
                    return step.Result.Id;
                default:
                    return null;
            }
        }

        private async Task EnsureSecretAsync(Application app, AppRegistrationRequest request, AppRegistrationResult result, CancellationToken ct)
        {
            var now = DateTimeOffset.UtcNow;
            var expires = now.Add(request.SecretLifetime);
            var step = await _ensure.RunAsync(new EnsureStep<List<PasswordCredential>, PasswordCredential?>(
                read: _ => Task.FromResult((app.PasswordCredentials ?? new List<PasswordCredential>()).Where(p => p.EndDateTime == null || p.EndDateTime > now).ToList()),
                plan: valid => !result.Created && !request.NewSecret && valid.Count > 0 ? null
                    : new PlannedChange(result.ClientId, $"Add a client secret to '{result.DisplayName}' (expires {expires:yyyy-MM-dd})"),
                apply: (_, c) => Call("add a client secret", result.ClientId, () => _graph.Applications[app.Id].AddPassword.PostAsync(new AddPasswordPostRequestBody
                {
                    PasswordCredential = new PasswordCredential { DisplayName = request.SecretDescription, EndDateTime = expires },
                }, cancellationToken: c), rethrowRaw: true))
            {
                RetryWhile = GraphErrors.IsNotFound,
                Activity = "Adding the client secret",
            }, ct).ConfigureAwait(false);
            step.RecordIn(result.Changes, result.SkippedChanges);
            if (step.Status == StepStatus.InState)
            {
                result.CredentialExpiresOn = step.State.Max(p => p.EndDateTime);
                S2SLogScope.Current.Warning($"The app already has {step.State.Count} valid client secret(s); a secret's value cannot be read back. Add a new one with {UserInput.NewSecret} if you need its value.");
            }
            else if (step.Changed)
            {
                result.ClientSecret = ToSecureString(step.Result!.SecretText);
                result.CredentialExpiresOn = step.Result.EndDateTime;
            }
        }

        private async Task EnsureCertificateAsync(Application app, AppRegistrationRequest request, AppRegistrationResult result, CancellationToken ct)
        {
            var now = DateTimeOffset.UtcNow;
            var keys = app.KeyCredentials ?? new List<KeyCredential>();
            var certificate = request.Certificate;
            if (certificate == null)
            {
                var current = keys.Where(k => k.Type == "AsymmetricX509Cert" && (k.EndDateTime == null || k.EndDateTime > now)).OrderByDescending(k => k.EndDateTime).FirstOrDefault();
                if (current != null && !result.Created)
                {
                    result.CertificateThumbprint = KeyCredentialThumbprint.Of(current);
                    result.CredentialExpiresOn = current.EndDateTime;
                    S2SLogScope.Current.Warning($"The app already has a valid certificate; no new one was generated. Pass {UserInput.Certificate} to register another one.");
                    return;
                }
                certificate = request.CertificateFactory?.Invoke()
                    ?? throw new InvalidOperationException("No certificate was given and none can be generated here.");
                result.GeneratedCertificate = certificate;
            }

            result.CertificateThumbprint = certificate.Thumbprint;
            result.CredentialExpiresOn = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            var step = await _ensure.RunAsync(new EnsureStep<List<KeyCredential>, Application?>(
                // Lists omit the key material; the single object read has it, and PATCH needs it anyway.
                read: c => result.Created ? Task.FromResult(new List<KeyCredential>()) : ReadKeyCredentialsAsync(app, c),
                plan: existing => existing.Any(k => string.Equals(KeyCredentialThumbprint.Of(k), certificate.Thumbprint, StringComparison.OrdinalIgnoreCase) || (k.Key != null && k.Key.SequenceEqual(certificate.RawData)))
                    ? null
                    : new PlannedChange(result.ClientId, $"Register certificate {certificate.Thumbprint} on '{result.DisplayName}' (expires {certificate.NotAfter:yyyy-MM-dd})"),
                // PATCH replaces the whole collection: send the existing keys (with their key material) plus the new one,
                // as new objects per attempt (see the client secret above).
                apply: (existing, c) => Call("register the certificate", result.ClientId, () => _graph.Applications[app.Id].PatchAsync(new Application
                {
                    KeyCredentials = existing.Select(Copy).Append(new KeyCredential
                    {
                        Type = "AsymmetricX509Cert",
                        Usage = "Verify",
                        Key = certificate.RawData,
                        DisplayName = certificate.Subject,
                        CustomKeyIdentifier = HexToBytes(certificate.Thumbprint),
                        StartDateTime = new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
                        EndDateTime = new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
                    }).ToList(),
                }, cancellationToken: c), rethrowRaw: true))
            {
                RetryWhile = GraphErrors.IsNotFound,
                Activity = "Registering the certificate",
            }, ct).ConfigureAwait(false);
            step.RecordIn(result.Changes, result.SkippedChanges);
            if (step.Status == StepStatus.InState) S2SLogScope.Current.Verbose($"Certificate {certificate.Thumbprint} is already registered on the app.");
            else if (step.Declined) result.GeneratedCertificate = null;
        }

        private async Task<List<KeyCredential>> ReadKeyCredentialsAsync(Application app, CancellationToken ct)
        {
            var full = await Call("read the certificates", app.AppId, () => _graph.Applications[app.Id].GetAsync(rc => rc.QueryParameters.Select = new[] { "keyCredentials" }, ct)).ConfigureAwait(false);
            return full?.KeyCredentials ?? new List<KeyCredential>();
        }

        private static KeyCredential Copy(KeyCredential k) => new KeyCredential
        {
            CustomKeyIdentifier = k.CustomKeyIdentifier,
            DisplayName = k.DisplayName,
            EndDateTime = k.EndDateTime,
            Key = k.Key,
            KeyId = k.KeyId,
            StartDateTime = k.StartDateTime,
            Type = k.Type,
            Usage = k.Usage,
        };

        private async Task EnsureFederatedAsync(Application app, FederatedCredentialSpec spec, AppRegistrationResult result, CancellationToken ct)
        {
            result.FederatedIssuer = spec.Issuer;
            result.FederatedSubject = spec.Subject;
            var step = await _ensure.RunAsync(new EnsureStep<List<FederatedIdentityCredential>, FederatedIdentityCredential?>(
                read: async c => result.Created
                    ? new List<FederatedIdentityCredential>()
                    : (await Call("list federated credentials", result.ClientId, () => _graph.Applications[app.Id].FederatedIdentityCredentials.GetAsync(cancellationToken: c)).ConfigureAwait(false))?.Value
                      ?? new List<FederatedIdentityCredential>(),
                plan: existing =>
                {
                    if (existing.Any(f => string.Equals(f.Issuer, spec.Issuer, StringComparison.Ordinal) && string.Equals(f.Subject, spec.Subject, StringComparison.Ordinal))) return null;
                    var sameName = existing.FirstOrDefault(f => string.Equals(f.Name, spec.Name, StringComparison.OrdinalIgnoreCase));
                    if (sameName != null)
                        throw new S2SException(S2SErrors.FederatedCredentialNameInUse,
                            $"The app already has a federated credential named '{spec.Name}' for issuer {sameName.Issuer} and subject {sameName.Subject}.", spec.Name,
                            $"Give another {UserInput.FederatedCredentialName}; names are immutable, so ALOps.S2S never overwrites one.");
                    return new PlannedChange(result.ClientId, $"Add federated credential '{spec.Name}' (issuer {spec.Issuer}, subject {spec.Subject})");
                },
                apply: (_, c) => Call("add the federated credential", result.ClientId, () => _graph.Applications[app.Id].FederatedIdentityCredentials.PostAsync(new FederatedIdentityCredential
                {
                    Name = spec.Name,
                    Issuer = spec.Issuer,
                    Subject = spec.Subject,
                    Audiences = new List<string> { FederatedCredentialSpec.Audience },
                    Description = spec.Description,
                }, cancellationToken: c), rethrowRaw: true))
            {
                RetryWhile = GraphErrors.IsNotFound,
                Activity = "Adding the federated credential",
            }, ct).ConfigureAwait(false);
            step.RecordIn(result.Changes, result.SkippedChanges);
            if (step.Status == StepStatus.InState) S2SLogScope.Current.Verbose($"A federated credential for {spec.Subject} already exists.");
        }

        /// <summary>
        /// Runs a Graph call; failures become actionable errors, except when a replication wait needs the raw error
        /// to decide whether to poll again (<paramref name="rethrowRaw"/>).
        /// </summary>
        private static async Task<T?> Call<T>(string doing, string? target, Func<Task<T?>> call, bool rethrowRaw = false)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (ODataError error) when (!rethrowRaw || !(GraphErrors.IsNotFound(error) || GraphErrors.Is(error, GraphErrors.NoBackingApplicationObject)))
            {
                throw GraphErrors.Describe(error, doing, target);
            }
        }

        private static async Task<bool> Call(string doing, string? target, Func<Task> call, bool rethrowRaw = false)
            => await Call<bool>(doing, target, async () => { await call().ConfigureAwait(false); return true; }, rethrowRaw).ConfigureAwait(false);

        private static SecureString ToSecureString(string? value)
        {
            var secure = new SecureString();
            foreach (var c in value ?? string.Empty) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }


        private static byte[] HexToBytes(string hex)
        {
            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = Convert.ToByte(hex.Substring(i * 2, 2), 16);
            return bytes;
        }
    }
}
