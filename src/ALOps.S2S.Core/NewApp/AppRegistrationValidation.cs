using System;
using System.Text.RegularExpressions;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Core.Graph;
using ALOps.S2S.Core.Input;

namespace ALOps.S2S.Core.NewApp
{
    /// <summary>Checks an app registration request before any call, so bad input changes nothing.</summary>
    internal static class AppRegistrationValidation
    {
        /// <summary>The longest display name the Entra admin center accepts for an app registration.</summary>
        public const int MaxDisplayNameLength = 120;
        public const int MaxFederatedFieldLength = 600;
        public const int MaxFederatedNameLength = 120;
        private static readonly Regex FederatedName = new Regex(@"^[A-Za-z0-9][A-Za-z0-9\-_]*$", RegexOptions.Compiled);

        public static void Validate(AppRegistrationRequest request)
        {
            if (request.ClientId != null) request.ClientId = InputValidation.ClientId(request.ClientId);
            if (request.ClientId == null)
            {
                var name = request.DisplayName?.Trim();
                if (string.IsNullOrEmpty(name))
                    throw new S2SException(S2SErrors.DisplayNameRequired, "Give -DisplayName (to find or create the app) or -ClientId (to use an existing one).", null,
                        "For example: New-ALOpsS2SApp -DisplayName 'ALOps CI'.");
                if (name!.Length > MaxDisplayNameLength)
                    throw new S2SException(S2SErrors.DisplayNameTooLong, $"The display name is {name.Length} characters; Microsoft Entra allows at most {MaxDisplayNameLength}.", name,
                        $"Use a shorter name (at most {MaxDisplayNameLength} characters).");
                foreach (var c in name)
                {
                    if (char.IsControl(c))
                        throw new S2SException(S2SErrors.DisplayNameInvalid, $"The display name contains a control character (U+{(int)c:X4}).", null,
                            "Use printable characters only, for example -DisplayName 'ALOps CI'.");
                }
                request.DisplayName = name;
            }
            if (request.NewSecret && request.Credential != CredentialKind.Secret)
                throw new S2SException(S2SErrors.NewSecretNeedsSecretCredential, $"-NewSecret adds a client secret, but the credential type is {request.Credential}.", request.Credential.ToString(),
                    "Use -NewSecret with -CredentialType Secret (the default), or leave -NewSecret out.");
            if (request.Credential == CredentialKind.Secret && (request.SecretLifetime <= TimeSpan.Zero || request.SecretLifetime > TimeSpan.FromDays(730)))
                throw new S2SException(S2SErrors.InvalidSecretLifetime, $"A secret lifetime of {request.SecretLifetime.TotalDays:0} days is outside 1 to 730 days.", request.SecretLifetime.ToString(),
                    "Give -SecretLifetimeDays between 1 and 730 (Microsoft recommends less than 12 months; the default is 180).");
            if (request.Credential == CredentialKind.Certificate && request.Certificate != null)
                ValidateCertificate(request);
            if (request.Credential == CredentialKind.Federated)
                ValidateFederated(request.Federated);
        }

        private static void ValidateCertificate(AppRegistrationRequest request)
        {
            var certificate = request.Certificate!;
            if (certificate.NotAfter.ToUniversalTime() <= DateTime.UtcNow)
                throw new S2SException(S2SErrors.CertificateExpired, $"The certificate {certificate.Subject} ({certificate.Thumbprint}) expired on {certificate.NotAfter:u}.", certificate.Thumbprint,
                    "Use a valid certificate, or leave -Certificate out to generate a new self-signed one.");
        }

        private static void ValidateFederated(FederatedCredentialSpec? federated)
        {
            if (federated == null)
                throw new S2SException(S2SErrors.FederatedCredentialMissing, "A federated credential needs an issuer and a subject.", null,
                    "Give -FederatedIssuer and -FederatedSubject as the Azure DevOps service connection shows them, or -GitHubRepository.");
            if (!Uri.TryCreate(federated.Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme != Uri.UriSchemeHttps)
                throw new S2SException(S2SErrors.InvalidFederatedIssuer, $"The federated issuer '{federated.Issuer}' is not an https URL.", federated.Issuer,
                    "Copy the issuer exactly as the service connection shows it, e.g. https://vstoken.dev.azure.com/<organization id> or https://token.actions.githubusercontent.com.");
            if (federated.Issuer.Length > MaxFederatedFieldLength)
                throw new S2SException(S2SErrors.InvalidFederatedIssuer, $"The federated issuer is {federated.Issuer.Length} characters; at most {MaxFederatedFieldLength} are allowed.", federated.Issuer.Substring(0, 60) + "...",
                    "Copy the issuer exactly as the service connection shows it.");
            if (string.IsNullOrWhiteSpace(federated.Subject))
                throw new S2SException(S2SErrors.InvalidFederatedSubject, "The federated subject is empty.", federated.Subject,
                    "Copy the subject exactly as the service connection shows it, e.g. sc://organization/project/connection.");
            if (federated.Subject.Length > MaxFederatedFieldLength)
                throw new S2SException(S2SErrors.InvalidFederatedSubject, $"The federated subject is {federated.Subject.Length} characters; at most {MaxFederatedFieldLength} are allowed.", federated.Subject.Substring(0, 60) + "...",
                    "Copy the subject exactly as the service connection shows it.");
            if (federated.Name.Length > MaxFederatedNameLength || !FederatedName.IsMatch(federated.Name))
                throw new S2SException(S2SErrors.InvalidFederatedCredentialName, $"The federated credential name '{federated.Name}' must be 1 to {MaxFederatedNameLength} letters, digits, '-' or '_'.", federated.Name,
                    "Give -FederatedCredentialName with letters, digits, '-' and '_' only, or leave it out to derive one from the subject.");
        }

        /// <summary>A name for a federated credential derived from its subject (names are URL-friendly and immutable).</summary>
        public static string NameFromSubject(string subject)
        {
            var name = Regex.Replace(subject, @"[^A-Za-z0-9]+", "-").Trim('-');
            if (name.Length == 0) name = "federated";
            return name.Length <= MaxFederatedNameLength ? name : name.Substring(0, MaxFederatedNameLength).TrimEnd('-');
        }
    }
}
