using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.Diagnostics
{
    /// <summary>A known failure: its id in <see cref="S2SErrors"/>, what causes it and what a person does to fix it.</summary>
    public sealed class Diagnosis
    {
        public Diagnosis(string code, S2SErrorId errorId, string cause, string fix)
        {
            Code = code;
            ErrorId = errorId;
            Cause = cause;
            Fix = fix;
        }

        /// <summary>The service code this entry explains, e.g. <c>AADSTS7000215</c>.</summary>
        public string Code { get; }
        public S2SErrorId ErrorId { get; }
        public string Cause { get; }
        public string Fix { get; }
    }
}
