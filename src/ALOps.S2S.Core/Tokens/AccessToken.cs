using System;

namespace ALOps.S2S.Core.Tokens
{
    /// <summary>
    /// An access token for one resource. The value stays inside the engine (internal): callers outside it see
    /// only what the token says about the identity, never the token.
    /// </summary>
    public sealed class AccessToken
    {
        internal AccessToken(string value, string resource, DateTimeOffset expiresOn)
        {
            Value = value;
            Resource = resource;
            ExpiresOn = expiresOn;
            Claims = JwtClaims.TryParse(value);
        }

        internal string Value { get; }
        public string Resource { get; }
        public DateTimeOffset ExpiresOn { get; }
        /// <summary>Null when the token is not a readable JWT (some resources issue opaque tokens).</summary>
        public JwtClaims? Claims { get; }

        public override string ToString() => $"Access token for {Resource}, expires {ExpiresOn:u}";
    }
}
