using System;

namespace ALOps.S2S.Core.Errors
{
    /// <summary>
    /// The stable id of a failure the module reports (PowerShell's FullyQualifiedErrorId starts with it), e.g.
    /// <c>S2S.InvalidClientSecret</c>, with what is known of it once: its kind and what it means. Every id is
    /// declared once, in <see cref="S2SErrors"/>.
    /// </summary>
    public sealed class S2SErrorId : IEquatable<S2SErrorId>
    {
        internal S2SErrorId(string name, S2SErrorKind kind, string meaning)
        {
            Value = S2SErrors.Prefix + name;
            Kind = kind;
            Meaning = meaning;
        }

        /// <summary>The id as PowerShell shows it: <c>S2S.</c> and a PascalCase name.</summary>
        public string Value { get; }

        /// <summary>What kind of failure this is; an <see cref="S2SException"/> of this id has it unless the thrower says otherwise.</summary>
        public S2SErrorKind Kind { get; }

        /// <summary>What the id means, in one line.</summary>
        public string Meaning { get; }

        public bool Equals(S2SErrorId? other) => other != null && string.Equals(Value, other.Value, StringComparison.Ordinal);
        public override bool Equals(object? obj) => Equals(obj as S2SErrorId);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
        public override string ToString() => Value;

        public static bool operator ==(S2SErrorId? left, S2SErrorId? right) => ReferenceEquals(left, right) || (left is object && left.Equals(right));
        public static bool operator !=(S2SErrorId? left, S2SErrorId? right) => !(left == right);
    }
}
