using System.Security.Cryptography;
using System.Text;

namespace ALOps.S2S.Emulator.BusinessCentral;

/// <summary>Weak entity tags (<c>@odata.etag</c>, <c>If-Match</c>) derived from a row's id and last modification.</summary>
public static class ODataEtag
{
    public static string For(string key, DateTimeOffset modifiedAt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{key}/{modifiedAt.UtcTicks}"));
        return $"W/\"{Convert.ToBase64String(Encoding.ASCII.GetBytes($"'{BitConverter.ToUInt64(hash):D};'"))}\"";
    }

    /// <summary><c>*</c> or the current tag; anything else is a stale or foreign tag.</summary>
    public static bool Matches(string ifMatch, string current) =>
        ifMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == current);
}
