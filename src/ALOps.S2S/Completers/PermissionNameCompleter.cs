using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ALOps.S2S.Completers
{
    /// <summary>Completes -Permission with the Business Central application permissions (appRoles of the Dynamics 365 Business Central API).</summary>
    public sealed class PermissionNameCompleter : IArgumentCompleter
    {
        internal static readonly string[] Names = { "API.ReadWrite.All", "Automation.ReadWrite.All", "AdminCenter.ReadWrite.All", "app_access" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => CompletionResults.Matching(Names, wordToComplete);
    }
}
