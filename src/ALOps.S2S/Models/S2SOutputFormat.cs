namespace ALOps.S2S.Models
{
    /// <summary>Where New-ALOpsS2SApp also writes the app's sign-in values for the next pipeline steps.</summary>
    public enum S2SOutputFormat
    {
        None,
        AzureDevOps,
        GitHub,
    }
}
