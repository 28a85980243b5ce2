using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using ALOps.S2S.Connections;
using ALOps.S2S.Models;

namespace ALOps.S2S.Completers
{
    /// <summary>
    /// Completes -Environment with the environment names the connection (-Connection, else the current one) has
    /// seen. Never calls the network: without a connection or before any Register-ALOpsBcClient it offers nothing.
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
                return CompletionResults.Matching(connection.KnownEnvironments.Names, wordToComplete);
            }
            catch
            {
                return Array.Empty<CompletionResult>();
            }
        }
    }
}
