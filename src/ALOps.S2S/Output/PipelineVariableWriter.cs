using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Models;

namespace ALOps.S2S.Output
{
    /// <summary>
    /// Writes pipeline variables the way Azure DevOps (logging commands on the host) or GitHub Actions
    /// (masks on the host, name=value lines in $GITHUB_OUTPUT) pick them up.
    /// </summary>
    internal static class PipelineVariableWriter
    {
        public const string GitHubOutputVariable = "GITHUB_OUTPUT";

        /// <summary>Fails before anything is created when the chosen format cannot be written here.</summary>
        public static void EnsureWritable(S2SOutputFormat format)
        {
            if (format == S2SOutputFormat.GitHub && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(GitHubOutputVariable)))
                throw S2SException.InvalidArgument("S2S.GitHubOutputMissing", "-OutputFormat GitHub needs the GITHUB_OUTPUT environment variable, and it is not set.", GitHubOutputVariable,
                    "Run the step in a GitHub Actions job (which sets GITHUB_OUTPUT), or use -OutputFormat AzureDevOps or None.");
        }

        /// <summary>Writes <paramref name="variables"/>; <paramref name="writeHost"/> prints one line to the host (the CI log).</summary>
        public static void Write(S2SOutputFormat format, IReadOnlyList<PipelineVariable> variables, Action<string> writeHost)
        {
            switch (format)
            {
                case S2SOutputFormat.AzureDevOps:
                    foreach (var v in variables)
                        writeHost($"##vso[task.setvariable variable={v.Name}{(v.IsSecret ? ";issecret=true" : string.Empty)}]{EscapeAzureDevOps(v.Value)}");
                    break;
                case S2SOutputFormat.GitHub:
                    EnsureWritable(format);
                    foreach (var v in variables)
                        if (v.IsSecret) writeHost("::add-mask::" + v.Value);
                    var lines = new StringBuilder();
                    foreach (var v in variables) lines.Append(v.Name).Append('=').Append(v.Value).Append('\n');
                    File.AppendAllText(System.Environment.GetEnvironmentVariable(GitHubOutputVariable)!, lines.ToString(), new UTF8Encoding(false));
                    foreach (var v in variables) writeHost($"GitHub output {v.Name}{(v.IsSecret ? " (masked)" : string.Empty)} written.");
                    break;
            }
        }

        // Logging-command data ends at a line break; Azure DevOps decodes these escapes.
        private static string EscapeAzureDevOps(string value)
            => value.Replace("%", "%AZP25").Replace("\r", "%0D").Replace("\n", "%0A");
    }
}
