namespace ALOps.S2S.Core.Graph
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
