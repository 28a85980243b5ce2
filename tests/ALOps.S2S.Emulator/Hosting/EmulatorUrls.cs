namespace ALOps.S2S.Emulator.Hosting;

/// <summary>Where each emulated host listens; filled in once every listener has its port.</summary>
public sealed class EmulatorUrls
{
    public string AuthorityHost { get; set; } = "";
    public string GraphEndpoint { get; set; } = "";
    public string BusinessCentralEndpoint { get; set; } = "";
    public string ControlEndpoint { get; set; } = "";
    public string TestIssuer => ControlEndpoint + "/test-issuer";
    public string ManagedIdentityEndpoint => AuthorityHost + "/msi/token";

    /// <summary>The <c>IDENTITY_HEADER</c> value the managed identity endpoint expects.</summary>
    public string ManagedIdentityHeader { get; init; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
