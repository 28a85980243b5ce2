using System;
using System.Collections.Generic;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Kernel;

namespace ALOps.S2S.Core.GetApp
{
    /// <summary>
    /// What the rows of one inventory share, so a hundred customer rows of one partner app read its credentials
    /// (in the partner's tenant) once, and each tenant's Business Central roles, admin center and environments once.
    /// </summary>
    public sealed class AppInventoryRun
    {
        internal AsyncMemo<string, BusinessCentralGrants> Grants { get; } = new AsyncMemo<string, BusinessCentralGrants>(StringComparer.OrdinalIgnoreCase);
        internal AsyncMemo<string, HomeCredentials> Credentials { get; } = new AsyncMemo<string, HomeCredentials>(StringComparer.OrdinalIgnoreCase);
        internal AsyncMemo<string, AdminCenterView> AdminCenter { get; } = new AsyncMemo<string, AdminCenterView>(StringComparer.OrdinalIgnoreCase);
        internal AsyncMemo<string, IReadOnlyList<BcEnvironment>> Environments { get; } = new AsyncMemo<string, IReadOnlyList<BcEnvironment>>(StringComparer.OrdinalIgnoreCase);
    }
}
