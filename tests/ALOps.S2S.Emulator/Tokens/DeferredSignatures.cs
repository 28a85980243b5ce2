using System.Text.Json.Nodes;

namespace ALOps.S2S.Emulator.Tokens;

/// <summary>
/// Signs the tokens of an answer after the world's lock is released. A token endpoint decides what its tokens say
/// under the lock; signing them there (RS256, close to a millisecond each) would make a burst of a hundred tenants'
/// sign-ins wait for each other, which Entra's many servers never do. Inside <see cref="Begin"/>, <see cref="Sign"/>
/// hands out a placeholder; <see cref="SignInto"/> puts the signed tokens in its place once the lock is released.
/// Outside a scope, <see cref="Sign"/> signs at once.
/// </summary>
public sealed class DeferredSignatures : IDisposable
{
    // The lock's work is synchronous, so the scope is the thread's for that time.
    [ThreadStatic] private static DeferredSignatures? _current;

    private readonly Dictionary<string, (SigningCredential Signing, JsonObject Payload)> _pending = new(StringComparer.Ordinal);
    private readonly DeferredSignatures? _outer;

    private DeferredSignatures(DeferredSignatures? outer) => _outer = outer;

    public static DeferredSignatures Begin() => _current = new DeferredSignatures(_current);

    /// <summary>The signed token, or inside a scope a placeholder for it; <paramref name="payload"/> must not change afterwards.</summary>
    public static string Sign(SigningCredential signing, JsonObject payload)
    {
        var scope = _current;
        if (scope is null) return signing.Sign(payload);
        var placeholder = $"(token {scope._pending.Count + 1}, signed when answered)";
        scope._pending[placeholder] = (signing, payload);
        return placeholder;
    }

    /// <summary>Replaces the placeholders among <paramref name="answer"/>'s values with the signed tokens.</summary>
    public void SignInto(JsonObject answer)
    {
        foreach (var (name, value) in answer.ToList())
            if (value is JsonValue text && text.TryGetValue<string>(out var placeholder) && _pending.TryGetValue(placeholder, out var token))
                answer[name] = token.Signing.Sign(token.Payload);
    }

    public void Dispose() => _current = _outer;
}
