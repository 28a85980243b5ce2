using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ALOps.S2S.Core.Errors;
using ALOps.S2S.Models;

namespace ALOps.S2S.Output
{
    /// <summary>
    /// Writes pipeline variables the way Azure DevOps (logging commands on standard output) or GitHub Actions
    /// (masks on standard output, name=value lines in $GITHUB_OUTPUT) pick them up.
    /// </summary>
    internal static class PipelineVariableWriter
    {
        public const string GitHubOutputVariable = "GITHUB_OUTPUT";

        /// <summary>Fails before anything is created when the chosen format cannot be written here.</summary>
        public static void EnsureWritable(S2SOutputFormat format)
        {
            if (format == S2SOutputFormat.GitHub && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(GitHubOutputVariable)))
                throw new S2SException(S2SErrors.GitHubOutputMissing, "-OutputFormat GitHub needs the GITHUB_OUTPUT environment variable, and it is not set.", GitHubOutputVariable,
                    "Run the step in a GitHub Actions job (which sets GITHUB_OUTPUT), or use -OutputFormat AzureDevOps or None.");
        }

        /// <summary>
        /// Writes <paramref name="variables"/>: the CI system's commands go to <paramref name="commands"/>, the
        /// process's standard output, where the agent reads them whatever PowerShell's stream preferences or
        /// redirections (6>$null must not silently drop a mask or a variable); <paramref name="note"/> tells the
        /// user what was written, never a value.
        /// </summary>
        public static void Write(S2SOutputFormat format, IReadOnlyList<PipelineVariable> variables, TextWriter commands, Action<string> note)
        {
            switch (format)
            {
                case S2SOutputFormat.AzureDevOps:
                    foreach (var v in variables)
                        commands.WriteLine($"##vso[task.setvariable variable={v.Name}{(v.IsSecret ? ";issecret=true" : string.Empty)}]{EscapeAzureDevOps(v.Value)}");
                    commands.Flush();
                    foreach (var v in variables) note($"Azure DevOps variable {v.Name}{(v.IsSecret ? " (secret)" : string.Empty)} set.");
                    break;
                case S2SOutputFormat.GitHub:
                    EnsureWritable(format);
                    // Masks first, one per line: the runner masks line by line, so a multi-line secret's later lines
                    // would otherwise show in clear.
                    foreach (var v in variables.Where(v => v.IsSecret))
                        foreach (var line in Lines(v.Value))
                            commands.WriteLine("::add-mask::" + EscapeGitHub(line));
                    commands.Flush();
                    var lines = new StringBuilder();
                    foreach (var v in variables) AppendGitHubOutput(lines, v);
                    File.AppendAllText(System.Environment.GetEnvironmentVariable(GitHubOutputVariable)!, lines.ToString(), new UTF8Encoding(false));
                    foreach (var v in variables) note($"GitHub output {v.Name}{(v.IsSecret ? " (masked)" : string.Empty)} written.");
                    break;
            }
        }

        // A multi-line value needs GitHub's delimiter form (name<<DELIMITER ... DELIMITER); the runner rejects the
        // name=value form for it. The delimiter is random, so no value can end it early.
        private static void AppendGitHubOutput(StringBuilder lines, PipelineVariable v)
        {
            if (v.Value.IndexOfAny(new[] { '\r', '\n' }) < 0)
            {
                lines.Append(v.Name).Append('=').Append(v.Value).Append('\n');
                return;
            }
            string delimiter;
            do delimiter = "ghadelimiter_" + Guid.NewGuid().ToString("N");
            while (v.Value.Contains(delimiter));
            lines.Append(v.Name).Append("<<").Append(delimiter).Append('\n')
                 .Append(v.Value).Append('\n')
                 .Append(delimiter).Append('\n');
        }

        private static IEnumerable<string> Lines(string value)
            => value.Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.None).Where(line => line.Length > 0);

        // Workflow-command data: the runner decodes %25, %0D and %0A, so a literal '%0A' in a secret must be escaped
        // to be masked as it is.
        private static string EscapeGitHub(string value)
            => value.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

        // Logging-command data ends at a line break; Azure DevOps decodes these escapes.
        private static string EscapeAzureDevOps(string value)
            => value.Replace("%", "%AZP25").Replace("\r", "%0D").Replace("\n", "%0A");
    }
}
