using System.Security.Cryptography;
using System.Text;

namespace ALOps.S2S.Emulator.World;

/// <summary>A client secret. Only a hash of the secret text is kept; the text is returned once, on creation.</summary>
public sealed class PasswordCredential
{
    private readonly byte[] _secretHash;

    public PasswordCredential(string secretText, DateTimeOffset start, DateTimeOffset end, DateTimeOffset replicatedAt, string? displayName = null)
    {
        _secretHash = Hash(secretText);
        Hint = secretText.Length >= 3 ? secretText[..3] : secretText;
        StartDateTime = start;
        EndDateTime = end;
        ReplicatedAt = replicatedAt;
        DisplayName = displayName;
    }

    public Guid KeyId { get; init; } = Guid.NewGuid();
    public string? DisplayName { get; }
    public string Hint { get; }
    public DateTimeOffset StartDateTime { get; }
    public DateTimeOffset EndDateTime { get; set; }

    /// <summary>Before this moment the token endpoint does not know the secret yet (replication delay).</summary>
    public DateTimeOffset ReplicatedAt { get; }

    public bool Matches(string secretText) => CryptographicOperations.FixedTimeEquals(_secretHash, Hash(secretText));

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
