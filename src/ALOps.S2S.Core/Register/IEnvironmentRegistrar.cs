using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.BusinessCentral;

namespace ALOps.S2S.Core.Register
{
    /// <summary>
    /// Puts an app into an environment's "Microsoft Entra Applications" table. No stock API does this, so the
    /// shipped registrar asks a person; a companion-extension registrar can do it automatically behind this interface.
    /// </summary>
    public interface IEnvironmentRegistrar
    {
        /// <summary>Registers the app, or returns the instruction a person must follow (then <see cref="RegistrarOutcome.Done"/> is false).</summary>
        Task<RegistrarOutcome> RegisterAsync(EnvironmentTarget target, CancellationToken cancellationToken);
    }

    public sealed class RegistrarOutcome
    {
        private RegistrarOutcome(bool done, string? instruction)
        {
            Done = done;
            Instruction = instruction;
        }

        public bool Done { get; }
        public string? Instruction { get; }

        public static RegistrarOutcome Registered() => new RegistrarOutcome(true, null);
        public static RegistrarOutcome NeedsPerson(string instruction) => new RegistrarOutcome(false, instruction);
    }
}
