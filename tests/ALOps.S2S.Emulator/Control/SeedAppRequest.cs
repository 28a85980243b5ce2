using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Control;

/// <summary>
/// Body of <c>POST /control/tenants/{tenant}/apps</c>: an app registration created directly, without Graph.
/// <c>GraphProperties</c> are stored as the application's Graph properties as given (e.g. the read-only
/// <c>verifiedPublisher</c> and <c>certification</c> that only Microsoft sets). <c>RequestedBcRoles</c> are Business
/// Central application permissions listed in the app's <c>requiredResourceAccess</c> (what admin consent grants).
/// </summary>
public sealed record SeedAppRequest(
    string? DisplayName,
    Guid? AppId,
    List<SeedPasswordCredential>? PasswordCredentials,
    List<SeedKeyCredential>? KeyCredentials,
    List<SeedFederatedIdentityCredential>? FederatedIdentityCredentials,
    List<string>? GraphRoles,
    List<string>? BcRoles,
    bool? Enabled,
    bool? PublicClient,
    bool? CreateServicePrincipal,
    string? SignInAudience,
    JsonObject? GraphProperties,
    List<string>? RequestedBcRoles = null);

public sealed record SeedPasswordCredential(string? SecretText, DateTimeOffset? StartDateTime, DateTimeOffset? EndDateTime, string? DisplayName);

/// <summary><c>Key</c> is the base64 DER of the certificate (public part only).</summary>
public sealed record SeedKeyCredential(string? Key, DateTimeOffset? StartDateTime, DateTimeOffset? EndDateTime, string? DisplayName);

public sealed record SeedFederatedIdentityCredential(string? Name, string? Issuer, string? Subject, List<string>? Audiences, string? Description);
