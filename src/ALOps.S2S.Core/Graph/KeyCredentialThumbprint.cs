using System;
using System.Text.RegularExpressions;
using Microsoft.Graph.Models;

namespace ALOps.S2S.Core.Graph
{
    /// <summary>A certificate credential's SHA-1 thumbprint as hex text, from Graph's <c>customKeyIdentifier</c>.</summary>
    internal static class KeyCredentialThumbprint
    {
        private static readonly Regex HexThumbprint = new Regex("^[0-9A-Fa-f]{40}$");

        /// <summary>
        /// Graph sends the identifier as "a 40-character binary": the thumbprint's hex text, which the SDK decodes as
        /// base64; encoding the bytes back gives that text. Raw thumbprint bytes (20) are shown as hex.
        /// </summary>
        public static string? Of(KeyCredential key)
        {
            if (key.CustomKeyIdentifier == null) return null;
            var wire = Convert.ToBase64String(key.CustomKeyIdentifier);
            return HexThumbprint.IsMatch(wire) ? wire.ToUpperInvariant() : BitConverter.ToString(key.CustomKeyIdentifier).Replace("-", string.Empty);
        }
    }
}
