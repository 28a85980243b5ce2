using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ALOps.S2S.Models;

namespace ALOps.S2S.Completers
{
    /// <summary>Completes -Cloud with the known cloud names.</summary>
    public sealed class CloudNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return S2SCloud.KnownNames.Where(n => pattern.IsMatch(n)).Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n)).ToList();
        }
    }
}
