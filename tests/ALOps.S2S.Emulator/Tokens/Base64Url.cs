namespace ALOps.S2S.Emulator.Tokens;

/// <summary>Base64url without padding (RFC 7515 §2).</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Encode(string text) => Encode(System.Text.Encoding.UTF8.GetBytes(text));

    public static bool TryDecode(string text, out byte[] data)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        switch (s.Length % 4)
        {
            case 2: s += "=="; break;
            case 3: s += "="; break;
            case 1: data = []; return false;
        }
        try
        {
            data = Convert.FromBase64String(s);
            return true;
        }
        catch (FormatException)
        {
            data = [];
            return false;
        }
    }
}
