using System.Threading;
using System.Threading.Tasks;
using ALOps.S2S.Core.BusinessCentral;

namespace ALOps.S2S.Core.Register
{
    /// <summary>Tells a person exactly what to enter on the environment's Microsoft Entra Applications page.</summary>
    public sealed class ManualEnvironmentRegistrar : IEnvironmentRegistrar
    {
        public Task<RegistrarOutcome> RegisterAsync(EnvironmentTarget target, CancellationToken cancellationToken)
            => Task.FromResult(RegistrarOutcome.NeedsPerson(Instruction(target)));

        public static string Instruction(EnvironmentTarget target)
            => $"In Business Central environment '{target.Environment.Name}', open Microsoft Entra Applications (page 9860): {target.PageUrl} " +
               $"Choose New and enter Client ID = {target.ClientId}, Description = '{target.Description}', State = Enabled; " +
               $"under User Permission Sets add {string.Join(", ", target.PermissionSets)} with Company left empty.";
    }
}
