namespace ALOps.S2S.Core.NewApp
{
    /// <summary>A federated identity credential: trust tokens of <see cref="Issuer"/> about <see cref="Subject"/>.</summary>
    public sealed class FederatedCredentialSpec
    {
        public const string Audience = "api://AzureADTokenExchange";

        public FederatedCredentialSpec(string name, string issuer, string subject, string? description = null)
        {
            Name = name;
            Issuer = issuer;
            Subject = subject;
            Description = description;
        }

        public string Name { get; }
        public string Issuer { get; }
        public string Subject { get; }
        public string? Description { get; }
    }
}
