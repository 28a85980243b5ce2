using System.Security.Cryptography;
using System.Text;

namespace ALOps.S2S.Emulator.World;

/// <summary>Stable ids for seeded objects, so every start of the emulator has the same world.</summary>
internal static class DeterministicGuid
{
    public static Guid From(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("alops-s2s-emulator/" + name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 (name based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
