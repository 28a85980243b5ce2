namespace ALOps.S2S.Core.Setup
{
    /// <summary>The credential an S2S app signs in with.</summary>
    public enum CredentialKind
    {
        Secret,
        Certificate,
        Federated,
        None,
    }
}
