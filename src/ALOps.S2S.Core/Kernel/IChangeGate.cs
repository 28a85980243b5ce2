using System.Threading.Tasks;

namespace ALOps.S2S.Core.Kernel
{
    /// <summary>
    /// Asked right before every write to the tenant or Business Central. The cmdlet layer answers with
    /// ShouldProcess, so -WhatIf makes zero writes and -Confirm asks per change.
    /// </summary>
    public interface IChangeGate
    {
        Task<bool> ApproveAsync(string target, string action);
    }

    /// <summary>Approves everything (engine tests and callers without a person to ask).</summary>
    public sealed class ApproveAllChanges : IChangeGate
    {
        public static readonly ApproveAllChanges Instance = new ApproveAllChanges();
        public Task<bool> ApproveAsync(string target, string action) => Task.FromResult(true);
    }
}
