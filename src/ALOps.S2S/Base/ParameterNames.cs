using System;
using System.Collections.Generic;
using ALOps.S2S.Core.Input;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// Spells the engine's mentions of a user's input (<see cref="UserInput"/>) as the cmdlets' parameters, in every
    /// text of the engine that reaches the user: errors, warnings and verbose lines, and the texts of output objects.
    /// Public for the build, which renders the diagnosis catalogues into the README the same way.
    /// </summary>
    public static class ParameterNames
    {
        // Inputs whose parameter has another name; any other input is the parameter of its own name.
        private static readonly Dictionary<string, string> Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [UserInput.Credential.Name] = "CredentialType",
            [UserInput.SecretLifetime.Name] = "SecretLifetimeDays",
            [UserInput.Tenant.Name] = "TenantId",
            [UserInput.DeviceCode.Name] = "UseDeviceCode",
            [UserInput.Permissions.Name] = "Permission",
            [UserInput.Environments.Name] = "Environment",
            [UserInput.PermissionSets.Name] = "PermissionSet",
            [UserInput.KeyIds.Name] = "KeyId",
        };

        /// <summary><paramref name="text"/> with each input it mentions spelled as its parameter (-Environment).</summary>
        public static string? Spell(string? text)
            => text == null || text.IndexOf('«') < 0 ? text : UserInput.Render(text, input => "-" + (Renamed.TryGetValue(input, out var parameter) ? parameter : input));
    }
}
