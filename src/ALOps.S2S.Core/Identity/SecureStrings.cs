using System;
using System.Net;
using System.Security;

namespace ALOps.S2S.Core.Identity
{
    internal static class SecureStrings
    {
        /// <summary>The plain value, for the one call that must send it. Never store or log the result.</summary>
        public static string Reveal(SecureString secure) => new NetworkCredential(string.Empty, secure).Password;

        public static bool LooksLikeGuid(SecureString secure) => Guid.TryParse(Reveal(secure).Trim(), out _);
    }
}
