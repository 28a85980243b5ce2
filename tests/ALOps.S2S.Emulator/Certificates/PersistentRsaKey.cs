using System.Security.Cryptography;
using ALOps.S2S.Emulator.Hosting;

namespace ALOps.S2S.Emulator.Certificates;

/// <summary>
/// RSA signing keys kept beside the CA (<c>token-signing.key.pem</c>, <c>test-issuer.key.pem</c>): generating RSA keys
/// is the slowest part of a start, so it happens once per CA directory.
/// </summary>
public static class PersistentRsaKey
{
    private const string LockFileName = "keys.lock";

    public static RSA LoadOrCreate(string directory, string fileName)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
        using (FileLock.Acquire(Path.Combine(directory, LockFileName), TimeSpan.FromSeconds(30)))
        {
            var key = RSA.Create();
            if (File.Exists(path))
            {
                key.ImportFromPem(File.ReadAllText(path));
                return key;
            }
            key.Dispose();
            key = RSA.Create(2048);
            AtomicFile.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
            return key;
        }
    }
}
