namespace ALOps.S2S.Models
{
    /// <summary>The credential New-ALOpsS2SApp gives the app.</summary>
    public enum S2SCredentialType
    {
        Secret,
        Certificate,
        Federated,
        None,
    }
}
