namespace ALOps.S2S.Emulator.Identity;

/// <summary>A signed access token (inside DeferredSignatures, its placeholder) and its lifetime.</summary>
public sealed record IssuedToken(string AccessToken, int ExpiresIn, DateTimeOffset ExpiresOn);
