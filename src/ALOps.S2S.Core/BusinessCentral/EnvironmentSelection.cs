using System;
using System.Collections.Generic;
using System.Linq;
using ALOps.S2S.Core.Errors;

namespace ALOps.S2S.Core.BusinessCentral
{
    /// <summary>The environments and wait a command that works per environment is asked for, checked before anything is read.</summary>
    internal static class EnvironmentSelection
    {
        /// <summary>The environment names, valid; fails on none without -AllEnvironments, or on -Wait with a timeout that is not positive.</summary>
        public static List<string> Check(string command, string clientId, IEnumerable<string> environments, bool allEnvironments, bool wait, TimeSpan timeout)
        {
            var names = environments.Select(BcNames.Environment).ToList();
            if (!allEnvironments && names.Count == 0)
                throw new S2SException(S2SErrors.EnvironmentRequired, "Name the environments (-Environment) or pass -AllEnvironments.", clientId,
                    $"For example: {command} -Environment Production, Sandbox.");
            if (wait && timeout <= TimeSpan.Zero)
                throw new S2SException(S2SErrors.InvalidWaitTimeout, $"-Timeout must be positive (it is {timeout}).",
                    timeout.ToString(), $"Give seconds or a time span, for example: {command} -Environment Production -Wait -Timeout 900 (or '00:15:00').");
            return names;
        }
    }
}
