using ALOps.S2S.Core.Tokens;
namespace ALOps.S2S.Core.Identity
{
    /// <summary>How the operator (the identity that performs the setup) signs in.</summary>
    public enum SignInMode
    {
        Interactive,
        DeviceCode,
        AccessToken,
        ClientSecret,
        Certificate,
        FederatedToken,
        ManagedIdentity,
    }
}
