using System.Text.Json.Serialization;

namespace ALOps.S2S.Emulator;

/// <summary>The content of <c>emulator.json</c>: where each emulated service listens.</summary>
public sealed record EmulatorInfo(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("authorityHost")] string AuthorityHost,
    [property: JsonPropertyName("graphEndpoint")] string GraphEndpoint,
    [property: JsonPropertyName("businessCentralEndpoint")] string BusinessCentralEndpoint,
    [property: JsonPropertyName("controlEndpoint")] string ControlEndpoint,
    [property: JsonPropertyName("testIssuer")] string TestIssuer,
    [property: JsonPropertyName("managedIdentityEndpoint")] string ManagedIdentityEndpoint,
    [property: JsonPropertyName("managedIdentityHeader")] string ManagedIdentityHeader,
    [property: JsonPropertyName("caCertificate")] string CaCertificate)
{
    public const string FileName = "emulator.json";
}
