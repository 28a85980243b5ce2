using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ALOps.S2S.Connections;
using ALOps.S2S.Models;

namespace ALOps.S2S.Completers
{
    /// <summary>
    /// Completes -Environment with the environment names the connection (-Connection, else the current one) has
    /// seen for the tenant on the line (-TenantId, else the connection's), leaving out the names already typed.
    /// Never calls the network: without a connection it offers nothing.
    /// </summary>
    public sealed class EnvironmentNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var connection = (fakeBoundParameters?["Connection"] as PSObject)?.BaseObject as S2SConnection
                    ?? fakeBoundParameters?["Connection"] as S2SConnection
                    ?? ConnectionStore.Current;
                if (connection == null) return Array.Empty<CompletionResult>();
                var tenant = Unwrap(fakeBoundParameters?["TenantId"]) as string ?? connection.TenantId;
                var typed = new HashSet<string>(AlreadyTyped(commandAst, parameterName, wordToComplete), StringComparer.OrdinalIgnoreCase);
                return CompletionResults.Matching(connection.KnownEnvironments.Names(tenant).Where(n => !typed.Contains(n)), wordToComplete);
            }
            catch
            {
                return Array.Empty<CompletionResult>();
            }
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        /// <summary>The values given to the parameter on the line, but not the word being completed.</summary>
        private static IEnumerable<string> AlreadyTyped(CommandAst? commandAst, string parameterName, string wordToComplete)
        {
            if (commandAst == null) yield break;
            var elements = commandAst.CommandElements;
            for (int i = 0; i < elements.Count - 1; i++)
            {
                if (!(elements[i] is CommandParameterAst parameter) || !parameterName.StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase)) continue;
                var argument = parameter.Argument ?? elements[i + 1];
                if (argument is CommandParameterAst) continue;
                // "Production, S" is an array; "Production, " (still being typed) an error expression holding the names.
                foreach (StringConstantExpressionAst value in argument.FindAll(a => a is StringConstantExpressionAst, searchNestedScriptBlocks: false))
                    if (!string.Equals(value.Value, wordToComplete?.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase) || value.Extent.EndOffset < commandAst.Extent.EndOffset)
                        yield return value.Value;
            }
        }
    }
}
