using System;
using ALOps.S2S.Core.Identity;

namespace ALOps.S2S.Core.Connect
{
    /// <summary>The same app in the same tenant with the same credential; a secret is never compared by value.</summary>
    public sealed class AppSignInKey : IEquatable<AppSignInKey>
    {
        private readonly string _authority;
        private readonly string _clientId;
        private readonly SignInMode _mode;
        private readonly object? _credential;

        public AppSignInKey(SignInRequest request)
        {
            _authority = request.Cloud.AuthorityFor(request.Tenant ?? string.Empty).ToString().ToLowerInvariant();
            _clientId = (request.ClientId ?? string.Empty).ToLowerInvariant();
            _mode = request.Mode;
            // A certificate is known by its thumbprint (public); secrets and tokens by the object the caller passed.
            _credential = (object?)request.ClientSecret ?? (object?)request.Certificate?.Thumbprint ?? request.FederatedToken;
        }

        public bool Equals(AppSignInKey? other)
            => other != null && _authority == other._authority && _clientId == other._clientId && _mode == other._mode
               && (_credential is string thumbprint ? thumbprint == other._credential as string : ReferenceEquals(_credential, other._credential));

        public override bool Equals(object? obj) => Equals(obj as AppSignInKey);

        public override int GetHashCode() => (_authority.GetHashCode() * 397) ^ _clientId.GetHashCode() ^ (int)_mode;
    }
}
