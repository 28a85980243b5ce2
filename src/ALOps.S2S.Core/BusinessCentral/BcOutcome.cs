using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>One read of several made together: its value, or the error Business Central answered it with.</summary>
    public sealed class BcOutcome<T>
    {
        private readonly T _value;

        internal BcOutcome(T value) => _value = value;

        internal BcOutcome(S2SException error)
        {
            _value = default!;
            Error = error;
        }

        public S2SException? Error { get; }

        /// <summary>The value; throws the read's error when it failed.</summary>
        public T Value => Error == null ? _value : throw Error;
    }
}
