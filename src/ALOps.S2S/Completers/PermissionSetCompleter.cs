using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ALOps.S2S.Completers
{
    /// <summary>Completes -PermissionSet with the Business Central permission sets an S2S app commonly needs.</summary>
    public sealed class PermissionSetCompleter : IArgumentCompleter
    {
        internal static readonly string[] Names =
        {
            "D365 AUTOMATION", "EXTEN. MGT. - ADMIN", "D365 BASIC", "D365 READ", "D365 BACKUP/RESTORE",
            "D365 BUS FULL ACCESS", "D365 FULL ACCESS", "D365 EXTENSION MGT", "D365 TEAM MEMBER", "SECURITY", "SUPER",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => CompletionResults.Matching(Names, wordToComplete);
    }
}
