using System;
using System.Text.RegularExpressions;

namespace ALOps.S2S.Core.Input
{
    /// <summary>
    /// A value the user gives the engine, named in the engine's terms (mostly after the request property that holds
    /// it). The engine's texts mention such a value only through this, never as a front end spells it: interpolated,
    /// a mention reads «Environments», and the cmdlets render it as their parameter (-Environment) wherever a text
    /// reaches the user (<see cref="Render"/>).
    /// </summary>
    public readonly struct UserInput
    {
        private static readonly Regex Mention = new Regex("«(?<name>[A-Za-z]+)»", RegexOptions.Compiled);

        private UserInput(string name) => Name = name;

        public string Name { get; }

        public override string ToString() => "«" + Name + "»";

        /// <summary><paramref name="text"/> with each mention of an input replaced by what <paramref name="spell"/> makes of its name.</summary>
        public static string Render(string text, Func<string, string> spell) => Mention.Replace(text, m => spell(m.Groups["name"].Value));

        // The app and its credentials (AppRegistrationRequest, SignInRequest).
        public static readonly UserInput DisplayName = new UserInput(nameof(DisplayName));
        public static readonly UserInput ClientId = new UserInput(nameof(ClientId));
        public static readonly UserInput Credential = new UserInput(nameof(Credential));
        public static readonly UserInput NewSecret = new UserInput(nameof(NewSecret));
        public static readonly UserInput SecretLifetime = new UserInput(nameof(SecretLifetime));
        public static readonly UserInput MultiTenant = new UserInput(nameof(MultiTenant));
        public static readonly UserInput ClientSecret = new UserInput(nameof(ClientSecret));
        public static readonly UserInput Certificate = new UserInput(nameof(Certificate));
        public static readonly UserInput CertificateThumbprint = new UserInput(nameof(CertificateThumbprint));
        public static readonly UserInput CertificatePath = new UserInput(nameof(CertificatePath));
        public static readonly UserInput FederatedToken = new UserInput(nameof(FederatedToken));
        public static readonly UserInput FederatedIssuer = new UserInput(nameof(FederatedIssuer));
        public static readonly UserInput FederatedSubject = new UserInput(nameof(FederatedSubject));
        public static readonly UserInput FederatedCredentialName = new UserInput(nameof(FederatedCredentialName));

        // Where and how the operator signs in (SignInRequest, S2SSession).
        public static readonly UserInput Tenant = new UserInput(nameof(Tenant));
        public static readonly UserInput Cloud = new UserInput(nameof(Cloud));
        public static readonly UserInput DeviceCode = new UserInput(nameof(DeviceCode));
        public static readonly UserInput GraphAccessToken = new UserInput(nameof(GraphAccessToken));
        public static readonly UserInput BusinessCentralAccessToken = new UserInput(nameof(BusinessCentralAccessToken));
        public static readonly UserInput Connection = new UserInput(nameof(Connection));

        // Permissions and Business Central (PermissionGrantRequest, BcClientRegistrationRequest, DoctorRequest).
        public static readonly UserInput Permissions = new UserInput(nameof(Permissions));
        public static readonly UserInput Environments = new UserInput(nameof(Environments));
        public static readonly UserInput AllEnvironments = new UserInput(nameof(AllEnvironments));
        public static readonly UserInput PermissionSets = new UserInput(nameof(PermissionSets));
        public static readonly UserInput Description = new UserInput(nameof(Description));
        public static readonly UserInput Wait = new UserInput(nameof(Wait));
        public static readonly UserInput Timeout = new UserInput(nameof(Timeout));

        // Which credentials to remove (CredentialRemovalRequest).
        public static readonly UserInput KeyIds = new UserInput(nameof(KeyIds));
        public static readonly UserInput Expired = new UserInput(nameof(Expired));
        public static readonly UserInput KeepLatest = new UserInput(nameof(KeepLatest));
        public static readonly UserInput Force = new UserInput(nameof(Force));
    }
}
